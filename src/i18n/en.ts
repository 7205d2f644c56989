/**
 * English, the fallback of every other language: the reference for the keys and their placeholders
 * (types and tests). Not loaded by the elements: their English is their own property defaults
 * (`emailLabel = 'Email'`, tested equal to this) and, for a key that is no property of the element
 * (`signIn`, `continueWith`…), the text given where it is used. A key is the name of the element
 * property (and so the attribute: `emailLabel` ↔ `email-label`) that overrides its text;
 * `<logout-button>` shows `logoutLabel`, `<login-button>` `continueWith`. `{name}` is a placeholder;
 * `key.one`, `key.few`… (Intl.PluralRules categories) are optional plural forms of `key` for a
 * numeric `{n}` (English needs none: no one sets a minimum password length of 1). Error texts
 * (`error.<code>`) are not here: in English an element shows the error's own `message`, which the
 * core writes for people.
 */
export const en = {
  emailLabel: 'Email',
  passwordLabel: 'Password',
  signIn: 'Sign in',
  createAccount: 'Create account',
  showPasswordLabel: 'Show password',
  minlengthHint: 'At least {n} characters.',
  forgotLabel: 'Forgot password?',
  notYouLabel: 'Not you? Sign out',
  errorText: 'Sign-in failed. Please try again.',
  remoteLogoutText: 'Signed out in another tab.',
  revokedText: 'You were signed out on another device.',
  logoutLabel: 'Sign out',
  heading: 'Your session is about to end',
  idleMessage: 'You have been inactive for a while. For your security, you will be signed out.',
  expiryMessage: 'Your session is about to expire.',
  finalMessage: "Your session can't be extended. Sign in again to keep working; this page stays open.",
  countdownLabel: 'Time left:',
  extendLabel: 'Stay signed in',
  endedHeading: 'Your session has ended',
  endedIdleMessage: 'You were signed out because you were inactive.',
  endedExpiredMessage: 'Your session expired.',
  loginLabel: 'Go to the sign-in page',
  closeLabel: 'Close',
  signedInText: 'Signed in',
  signedOutText: 'Signed out',
  continueWith: 'Continue with {name}',
  singleSignOn: 'single sign-on',
};
