import { MESSAGES } from './messages.js';

/** Every failure the library reports carries one of these codes (SPEC: `session-error`). */
export type SessionErrorCode =
  | 'invalid-credentials'
  | 'account-exists'
  | 'wrong-user'
  | 'registration-closed'
  | 'cookie-blocked'
  | 'network'
  | 'timeout'
  | 'server'
  | 'invalid-token'
  | 'storage-unavailable'
  | 'unsupported-browser'
  | 'config';

/**
 * A typed failure: `code` says what went wrong, `status` is the HTTP status where there was one.
 * `message` is for the person at the screen: the plain text of `MESSAGES[code]`. `hint` is for the
 * developer, the cause and the fix: the constructor's second argument (or `options.hint`).
 */
export class SessionError extends Error {
  override name = 'SessionError';
  readonly hint?: string;
  constructor(
    readonly code: SessionErrorCode,
    hint?: string,
    readonly status?: number,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(MESSAGES[code], options);
    this.hint = options?.hint ?? hint;
  }
}

export const isSessionError = (e: unknown): e is SessionError => e instanceof SessionError;

const warned = new Set<string>();

/**
 * Logs an error's hint for the developer, once per page. Not for the person's own mistakes
 * (wrong password, a taken email, another account): nothing to fix in the code.
 */
export function warnHint({ code, hint }: SessionError) {
  if (hint && !warned.has(hint) && !['invalid-credentials', 'account-exists', 'wrong-user'].includes(code)) {
    warned.add(hint);
    console.warn(`session-elements (${code}): ${hint}`);
  }
}
