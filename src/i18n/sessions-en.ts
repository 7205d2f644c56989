/**
 * English strings of `<session-list>`: not in `en.ts`, so the eager file does not carry them. The
 * element's own (lazy) module registers them: `registerTranslation(sessionsEn)`. The other
 * languages carry these keys in their own chunks.
 */
export const sessionsEn = {
  $code: 'en',
  'sessions.label': 'Signed-in devices',
  'sessions.this-device': 'This device',
  'sessions.last-active': 'Last active {time}',
  'sessions.revoke': 'Sign out of {device}',
  'sessions.revoke-others': 'Sign out of all other devices',
  'sessions.unknown-device': 'Unknown device',
  'sessions.unsupported': "This sign-in service can't list your devices.",
  'sessions.empty': 'No other devices are signed in.',
};
