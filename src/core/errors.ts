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
 * `message` is for the person at the screen; `hint` is for the developer (the cause and the fix).
 */
export class SessionError extends Error {
  override name = 'SessionError';
  readonly hint?: string;
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, options);
    if (options?.hint) this.hint = options.hint;
  }
}

export const isSessionError = (e: unknown): e is SessionError => e instanceof SessionError;
