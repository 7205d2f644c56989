import { SessionError } from './errors.js';
import type { SessionUser } from './types.js';

/** Tokens larger than this are refused before decoding (a garbage or hostile value). */
const MAX_TOKEN_LENGTH = 16 * 1024;

export type Claims = Record<string, unknown>;

export interface DecodedToken {
  payload: Claims;
  /** Seconds, server clock; null when the token has no `exp` (Bknd's default): a session until the server ends it. */
  exp: number | null;
  iat?: number;
}

/** A JWT has three dot-separated parts; anything else is an opaque token, timed by `expiresIn`. */
export const isJwtShaped = (token: string) => token.split('.').length === 3;

/** One base64url JSON part of a JWT; anything but a JSON object throws. */
function part(segment: string): Claims {
  if (!/^[\w-]+$/.test(segment)) throw new Error('not base64url');
  const bytes = Uint8Array.from(atob(segment.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  return value;
}

/**
 * Decodes a JWT without trusting it (signatures are `verify.ts`'s job). Malformed, unsigned
 * (`alg: none`) and oversized tokens, and a non-numeric `exp` or `iat`, are rejected with
 * `invalid-token`. A token without `exp` (Bknd's default config) is valid: its session lasts
 * until the server says otherwise (the periodic check's 403, or a sign-out).
 */
export function decodeToken(token: unknown): DecodedToken {
  if (typeof token !== 'string' || !token) throw bad('the token is not a string');
  if (token.length > MAX_TOKEN_LENGTH) throw bad('the token is too large');
  let header: Claims;
  let payload: Claims;
  try {
    const parts = token.split('.');
    if (parts.length !== 3) throw new Error('not three parts');
    header = part(parts[0]);
    payload = part(parts[1]);
  } catch (e) {
    throw bad('the token is not a JWT', e);
  }
  const { alg } = header;
  if (typeof alg !== 'string' || !alg || alg.toLowerCase() === 'none') throw bad('the token is unsigned (alg: none)');
  const { exp, iat } = payload;
  // Number.isFinite is false for anything that is not a number.
  if (exp !== undefined && !Number.isFinite(exp)) throw bad('the token has a non-numeric exp');
  if (iat !== undefined && !Number.isFinite(iat)) throw bad('the token has a non-numeric iat');
  return { payload, exp: (exp as number) ?? null, iat: iat as number | undefined };
}

const REGISTERED = new Set(['iat', 'exp', 'nbf', 'iss', 'aud', 'jti']);

/** The user a token describes (Bknd puts `id`, `email`, `role` in its claims). */
export function userFromClaims(payload: Claims): SessionUser {
  const user: SessionUser = {};
  for (const [k, v] of Object.entries(payload)) if (!REGISTERED.has(k)) user[k] = v;
  return user;
}

/** Compares by `id`, else by `email`: a new object for the same person is not a different user. */
export const sameUser = (a: SessionUser, b: SessionUser) => (a.id != null || b.id != null ? a.id === b.id : a.email === b.email);

function bad(message: string, cause?: unknown) {
  return new SessionError('invalid-token', `Invalid token: ${message}`, undefined, { cause });
}
