// The session store behind the plugin: one interface, one file per store (Bknd's database in
// stores/sql.ts, Redis in stores/redis.ts). A store keeps only hashes of refresh tokens. Every
// method may throw when the store is unreachable; the plugin turns that into 503 store_unavailable.
import type { App } from 'bknd';

/** One server-side session as a store keeps it. Times are epoch milliseconds. */
export interface SessionRecord {
  /** The session id: the access token's `sid` claim and the first part of its refresh tokens. */
  id: string;
  userId: string;
  createdAt: number;
  /** The last sign-in or refresh (access tokens are not counted: that would be a write per request). */
  lastUsedAt: number;
  /** When the session ends unless refreshed: min(lastUsedAt + idleTtl, absoluteExpiresAt). */
  expiresAt: number;
  /** createdAt + refreshTtl: no refresh extends it. */
  absoluteExpiresAt: number;
  userAgent: string;
  /** SHA-256 (base64url) of the current refresh token. */
  tokenHash: string;
  /** Hash of the refresh token the current one replaced, honoured until rotatedAt + grace. */
  prevHash: string | null;
  rotatedAt: number | null;
}

/** What a refresh asks of the store, in one atomic step. */
export interface RotateInput {
  id: string;
  /** Hash of the refresh token presented. */
  presentedHash: string;
  /**
   * Hash of its successor. The successor is derived from the presented token (an HMAC), so a
   * replay inside the grace window computes the same successor and the store needs no plaintext.
   */
  nextHash: string;
  now: number;
  graceMs: number;
  idleMs: number;
}

export type RotateResult =
  /** Rotated now, or a replay of the previous token inside the grace window (same successor). */
  | { ok: true; session: SessionRecord }
  /** unknown: no such live session, or a token that is neither its current nor its previous one
   * (refused; the session lives on, so a forged token cannot end it); expired: idle or absolute end
   * passed; reused: the previous token after the grace window (the session is revoked). */
  | { ok: false; reason: 'unknown' | 'expired' | 'reused' };

export interface SessionStore {
  /** 'sql' or 'redis', for logs and benchmarks. */
  readonly kind: string;
  /**
   * Seconds an instance may keep believing "this session is live" without asking the store
   * (revocations made by this instance clear it at once; see the docs' cache trade-off).
   */
  readonly cacheSeconds: number;
  /** Called once per build, before any other method: the SQL store finds its table here. */
  bind?(app: App): void;
  /** The Bknd entity this store needs, if any (the plugin returns it from its `schema` hook). */
  schema?(): unknown;
  create(session: SessionRecord): Promise<void>;
  /** The session while it is live (not revoked, not past expiresAt), else null. */
  get(id: string, now: number): Promise<SessionRecord | null>;
  /** The hot path, on every request with an access token: expiresAt of a live session, else null. */
  liveUntil(id: string, now: number): Promise<number | null>;
  rotate(input: RotateInput): Promise<RotateResult>;
  /** The user's live sessions. */
  list(userId: string, now: number): Promise<SessionRecord[]>;
  /** Ends one session; true if it existed. */
  revoke(id: string): Promise<boolean>;
  /** Ends every session of the user except `exceptId`; the number ended. */
  revokeUser(userId: string, exceptId?: string): Promise<number>;
  /** Closes connections the store opened itself. */
  close?(): Promise<void>;
}
