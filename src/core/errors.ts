/** Every failure the library reports carries one of these codes (SPEC: `session-error`). */
export type SessionErrorCode =
  | 'invalid-credentials'
  | 'account-exists'
  | 'cookie-blocked'
  | 'network'
  | 'timeout'
  | 'server'
  | 'invalid-token'
  | 'storage-unavailable'
  | 'config';

/** A typed failure: `code` says what went wrong, `status` is the HTTP status where there was one. */
export class SessionError extends Error {
  override name = 'SessionError';
  constructor(
    readonly code: SessionErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isSessionError = (e: unknown): e is SessionError => e instanceof SessionError;
