import type { SessionUser } from '../types.js';

/** A user object from a server answer, or null for anything that is not one. */
export function userOf(u: unknown): SessionUser | null {
  return u && typeof u === 'object' && !Array.isArray(u) ? (u as SessionUser) : null;
}
