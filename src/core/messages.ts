import type { SessionErrorCode } from './errors.js';

/**
 * What the person at the screen reads for each failure (`error.message`; `<login-form>` shows only
 * this): short and plain, in their words, never the developer's. The cause and the fix are in
 * `error.hint`. One flat table keyed by code, so a translation replaces it entry by entry.
 */
export const MESSAGES: Record<SessionErrorCode, string> = {
  'invalid-credentials': 'The email or password is not correct.',
  'account-exists': 'An account with this email already exists.',
  'wrong-user': 'This is a different account. Sign in as the person who was signed in.',
  'registration-closed': 'New accounts cannot be created here.',
  'cookie-blocked': 'Your browser did not let this site keep you signed in. Allow it for this site, or try another browser.',
  network: 'Could not connect. Check your connection and try again.',
  timeout: 'The server took too long to answer. Please try again.',
  server: 'Something went wrong on our side. Please try again later.',
  'invalid-token': 'Your sign-in could not be used. Please sign in again.',
  'storage-unavailable': 'Your browser cannot remember this sign-in: it ends when you close this page.',
  'unsupported-browser': 'This browser is too old for signing in here. Please update it.',
  config: 'Signing in is not set up correctly on this site. Please try again later.',
};
