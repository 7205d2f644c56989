import type { SessionErrorCode } from './errors.js';

/**
 * What the person at the screen reads for each failure (`error.message`; `<login-form>` shows only
 * this): short and plain, in their words, never the developer's. The cause and the fix are in
 * `error.hint`. One flat table keyed by code, so a translation replaces it entry by entry.
 */
export const MESSAGES: Record<SessionErrorCode, string> = {
  'invalid-credentials': 'Wrong email or password.',
  'account-exists': 'An account with this email already exists.',
  'wrong-user': 'That is a different account.',
  'registration-closed': 'New accounts cannot be created here.',
  'cookie-blocked': 'Your browser blocked the sign-in.',
  network: 'No connection. Please try again.',
  timeout: 'No answer in time. Please try again.',
  server: 'Something went wrong. Please try again later.',
  'invalid-token': 'Please sign in again.',
  'storage-unavailable': 'This browser cannot keep you signed in.',
  'unsupported-browser': 'This browser is too old. Please update it.',
  config: 'Signing in does not work here yet.',
};
