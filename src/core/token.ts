import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { SessionError } from './errors.js';
import type { SessionUser } from './types.js';

/** Tokens larger than this are refused before decoding (a garbage or hostile value). */
const MAX_TOKEN_LENGTH = 16 * 1024;

export interface DecodedToken {
  payload: JWTPayload;
  /** seconds, server clock */
  exp: number;
  iat?: number;
}

/**
 * Decodes a JWT without trusting it. Malformed, unsigned (`alg: none`), oversized tokens and
 * tokens without a numeric `exp` are rejected with `invalid-token`: a session needs an end.
 */
export function decodeToken(token: unknown): DecodedToken {
  if (typeof token !== 'string' || !token) throw bad('the token is not a string');
  if (token.length > MAX_TOKEN_LENGTH) throw bad('the token is too large');
  let payload: JWTPayload;
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
    payload = decodeJwt(token);
  } catch (e) {
    throw bad('the token is not a JWT', e);
  }
  if (!alg || alg.toLowerCase() === 'none') throw bad('the token is unsigned (alg: none)');
  const { exp, iat } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw bad('the token has no numeric exp');
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat))) throw bad('the token has a non-numeric iat');
  return { payload, exp, iat };
}

const REGISTERED = new Set(['iat', 'exp', 'nbf', 'iss', 'aud', 'jti']);

/** The user a token describes (Bknd puts `id`, `email`, `role` in its claims). */
export function userFromClaims(payload: JWTPayload): SessionUser {
  const user: SessionUser = {};
  for (const [k, v] of Object.entries(payload)) if (!REGISTERED.has(k)) user[k] = v;
  return user;
}

function bad(message: string, cause?: unknown) {
  return new SessionError('invalid-token', `Invalid token: ${message}`, undefined, { cause });
}
