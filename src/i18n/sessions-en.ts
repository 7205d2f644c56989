/**
 * English strings of `<session-list>`: not in `en.ts`, so the eager file does not carry them. The
 * element's own (lazy) module registers them: `registerTranslation(sessionsEn)`. The other
 * languages carry these keys in their own chunks.
 */
export const sessionsEn = {
  $code: 'en',
  'sessions.heading': 'Where you’re signed in',
  'sessions.current-label': 'This device',
  'sessions.last-active-label': 'Last active {time}',
  'sessions.sign-out-label': 'Sign out',
  'sessions.sign-out-session-label': 'Sign out {device}',
  'sessions.sign-out-others-label': 'Sign out of all other devices',
  'sessions.loading-text': 'Loading your sessions…',
  'sessions.empty-text': 'You’re not signed in on any other device.',
  'sessions.unsupported-text': 'Signed-in devices can’t be listed here.',
  'sessions.error-text': 'Your sessions couldn’t be loaded.',
  'sessions.sign-out-error-text': 'Signing out didn’t work. Please try again.',
  'sessions.retry-label': 'Try again',
  'sessions.unknown-device': 'Unknown device',
  'sessions.signed-out-text': 'Signed out {device}.',
  'sessions.signed-out-others-text': 'Signed out of {n} other devices.',
  'sessions.signed-out-others-text.one': 'Signed out of {n} other device.',
};
