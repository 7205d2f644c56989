import { SessionError } from './errors.js';
import { memoryStorage } from './storage.js';
import { decodeToken, isJwtShaped, userFromClaims } from './token.js';
import type { SessionUser, StorageAdapter, StorageKind, Transport } from './types.js';

/** A session as storage, another tab or a hand-off carries it. `exp`/`iat` are server seconds. */
export interface StoredSession {
  token: string | null;
  refreshToken: string | null;
  user: SessionUser | null;
  exp: number | null;
  iat?: number;
}

/**
 * The refresh token of a cookie-transport session that has one: the server keeps the real one in an
 * httpOnly cookie, so the page holds only this word that it is there (not a secret).
 */
export const REFRESH_COOKIE = 'cookie';

/**
 * The persisted session under one key: `<key>` the access token (the raw JWT, as Bknd's `Api`
 * stores it), `<key>:refresh`, `<key>:meta` (expiry and user of an opaque token) and, for cookie
 * transport, only `<key>:hint` (user and expiry, so a reload renders at once; no token).
 */
export class SessionStore {
  kind: StorageKind | 'custom' = 'memory';
  /** The raw token last read or written here: a different one in storage came from another writer. */
  raw: string | null = null;
  #store: StorageAdapter | null = null;
  #key: string;
  #transport: Transport;
  #report: (e: SessionError) => void;

  constructor(key: string, transport: Transport, report: (e: SessionError) => void) {
    this.#key = key;
    this.#transport = transport;
    this.#report = report;
  }

  /**
   * Opens the configured storage and proves it works with a write/read/remove round trip: Safari's
   * private mode, disabled cookies and full quotas all throw somewhere in there, and a session that
   * cannot be persisted still works in memory for this tab.
   */
  async open(option: StorageKind | StorageAdapter) {
    if (option === 'memory') return void (this.#store = memoryStorage());
    const kind = typeof option === 'string' ? option : 'custom';
    try {
      // `localStorage` or `sessionStorage` (memory was handled above).
      const store = typeof option === 'string' ? globalThis[`${option}Storage`] : option;
      if (!store) throw new Error(`${kind}Storage is not available here`);
      const probe = `${this.#key}:probe`;
      await store.setItem(probe, '1');
      if ((await store.getItem(probe)) !== '1') throw new Error('a written value did not read back');
      await store.removeItem(probe);
      this.#store = store;
      this.kind = kind;
    } catch (e) {
      this.#store = memoryStorage();
      this.#report(new SessionError('storage-unavailable', `Storage "${kind}" is unavailable (${(e as Error)?.message ?? e}); the session is kept in memory for this tab only`, undefined, { cause: e }));
    }
  }

  /** Whether other tabs see this same copy (local storage or a custom adapter), not a per-tab one. */
  get shared() {
    return this.kind === 'local' || this.kind === 'custom';
  }

  /** What the storage holds, or null. A value that is not a session is removed with `invalid-token`. */
  async read(): Promise<StoredSession | null> {
    const store = this.#store;
    if (!store) return null;
    const key = this.#key;
    try {
      if (this.#transport === 'cookie') {
        const raw = await store.getItem(`${key}:hint`);
        if (raw == null) return null;
        const hint = parseHint(raw);
        if (!hint) return this.#discard(new SessionError('invalid-token', 'Stored session hint is not valid'));
        return { token: null, refreshToken: hint.r ? REFRESH_COOKIE : null, user: hint.user, exp: hint.exp };
      }
      const token = await store.getItem(key);
      this.raw = token;
      if (token == null) return null;
      const refreshToken = await store.getItem(`${key}:refresh`);
      const meta = isJwtShaped(token) ? null : parseHint(await store.getItem(`${key}:meta`));
      if (meta && meta.exp !== null) return { token, refreshToken, user: meta.user, exp: meta.exp, iat: meta.iat };
      try {
        const { payload, exp, iat } = decodeToken(token);
        return { token, refreshToken, user: userFromClaims(payload), exp, iat };
      } catch (e) {
        return this.#discard(e as SessionError);
      }
    } catch (e) {
      this.#report(new SessionError('storage-unavailable', `Could not read storage: ${(e as Error)?.message ?? e}`, undefined, { cause: e }));
      return null;
    }
  }

  async write(s: StoredSession) {
    const store = this.#store;
    if (!store) return;
    const key = this.#key;
    try {
      // A sign-in ends any sign-out still to be finished (see `mark`).
      await store.removeItem(`${key}:logout`);
      if (this.#transport === 'cookie') {
        // No token here: the cookie carries it. Only what the UI needs to render at once.
        await store.setItem(`${key}:hint`, JSON.stringify({ user: s.user, exp: s.exp, r: s.refreshToken === REFRESH_COOKIE || undefined }));
        return;
      }
      // Refresh token first: other tabs see writes in order, so a new access token implies its refresh token.
      if (s.refreshToken) await store.setItem(`${key}:refresh`, s.refreshToken);
      else await store.removeItem(`${key}:refresh`);
      // An opaque token says nothing about itself: its expiry and user are kept beside it.
      if (s.token && !isJwtShaped(s.token)) await store.setItem(`${key}:meta`, JSON.stringify({ user: s.user, exp: s.exp, iat: s.iat }));
      else await store.removeItem(`${key}:meta`);
      this.raw = s.token;
      if (s.token) await store.setItem(key, s.token);
    } catch (e) {
      this.#report(new SessionError('storage-unavailable', `Could not write storage (${(e as Error)?.message ?? e}); the session is kept in memory`, undefined, { cause: e }));
    }
  }

  async clear() {
    const store = this.#store;
    if (!store) return;
    this.raw = null;
    // All at once: a synchronous storage is clean before this returns.
    await Promise.all(['', ':refresh', ':hint', ':meta'].map(async (suffix) => {
      try {
        await store.removeItem(this.#key + suffix);
      } catch {
        // A storage that cannot remove cannot hold our session either.
      }
    }));
  }

  /**
   * `<key>:logout` while a sign-out is not yet confirmed by the server: a page that left before the
   * answer (which clears the cookie) leaves it behind, and the next start finishes the sign-out first.
   */
  async mark(on: boolean) {
    try {
      await (on ? this.#store?.setItem(`${this.#key}:logout`, '1') : this.#store?.removeItem(`${this.#key}:logout`));
    } catch {
      // Without storage the awaited logout alone stands.
    }
  }

  async marked() {
    try {
      return (await this.#store?.getItem(`${this.#key}:logout`)) != null;
    } catch {
      return false;
    }
  }

  async #discard(error: SessionError) {
    this.#report(new SessionError(error.code, `${error.hint} (found in storage under "${this.#key}"; removed)`));
    await this.clear();
    return null;
  }
}

/** A cookie hint or an opaque token's meta: `{ user, exp, iat? }`, or null when it is not one. */
export function parseHint(raw: string | null): { user: SessionUser | null; exp: number | null; iat?: number; r?: boolean } | null {
  try {
    const h = JSON.parse(raw!);
    // Number.isFinite is false for anything that is not a number.
    if (typeof h?.user !== 'object' || !h.user || (h.exp !== null && !Number.isFinite(h.exp))) return null;
    return { user: h.user, exp: h.exp, iat: typeof h.iat === 'number' ? h.iat : undefined, r: h.r === true };
  } catch {
    return null;
  }
}
