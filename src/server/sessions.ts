// The session service: sign-in, the per-request check, rotation and revocation, independent of
// HTTP (routes.ts) and of the store (store.ts). One is made per Bknd build, from Bknd's jwt config.
import type { App } from 'bknd';
import type { SessionRecord, SessionStore } from './store.js';
import { refreshSid, sha256, type AccessClaims, type TokenKit } from './tokens.js';

export interface Settings {
  accessTtl: number;
  idleTtl: number;
  refreshTtl: number;
  graceSeconds: number;
  clockSkew: number;
  legacyTokensUntil: number | null;
  storeTimeoutMs: number;
  cacheSeconds: number;
  allowedOrigins: string[];
}

/** The store did not answer (or answered with an error): the request gets 503, never 401. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/** A session minted by `jwt()` and not yet stored: the answer that carries it stores it. */
export interface Pending {
  sid: string;
  refresh: string;
  userId: string;
  at: number;
}

export type Check =
  | { claims: AccessClaims }
  /** invalid: Bknd would refuse it anyway (bad signature, expired…): left to Bknd, as anonymous. */
  | { error: 'invalid' | 'session_required' | 'session_revoked' };

export type Service = ReturnType<typeof createService>;

export function createService(app: App, s: Settings, store: SessionStore, kit: TokenKit, jwtFields: string[]) {
  const pending = new Map<string, Pending>();
  /**
   * Tokens the gate has just checked, while their request runs: Bknd's own verify (called later in
   * the same request) reuses the answer instead of asking the store a second time.
   */
  const inFlight = new Map<string, { claims: AccessClaims; n: number }>();
  /** sid -> until when (ms) it is known live without asking the store. */
  const live = new Map<string, number>();
  const cacheMs = s.cacheSeconds * 1000;

  /** Every store call: bounded in time, any failure is StoreUnavailableError. */
  const guard = <T>(p: Promise<T>): Promise<T> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError('session store timed out')), s.storeTimeoutMs);
    });
    return Promise.race([p, timeout])
      .catch((e) => {
        throw e instanceof StoreUnavailableError ? e : new StoreUnavailableError(String(e), { cause: e });
      })
      .finally(() => clearTimeout(timer));
  };

  const usersEntity: string = app.module.auth.config.entity_name ?? 'users';
  const loadUser = async (userId: string): Promise<Record<string, unknown> | undefined> => {
    const id = /^\d+$/.test(userId) ? Number(userId) : userId;
    const db = (app.em.connection as any).kysely;
    return guard(db.selectFrom(usersEntity).selectAll().where('id', '=', id).executeTakeFirst());
  };
  const pick = (user: Record<string, unknown>) => Object.fromEntries(jwtFields.filter((f) => f in user).map((f) => [f, user[f]]));

  return {
    kit,
    settings: s,
    store,

    /** Bknd's `authenticator.jwt(user)` replaced: a token naming a new session, stored on answer. */
    async issue(user: Record<string, unknown>): Promise<string> {
      if (user.id === undefined || user.id === null) throw new Error('[session-elements] cannot start a session for a user without id');
      const now = Date.now();
      const { sid, refresh } = kit.newSession();
      const token = await kit.sign(pick(user), sid, now, s.accessTtl);
      // Tokens whose answer never came back (Bknd failed after signing) are forgotten in 2 minutes.
      for (const [k, p] of pending) {
        if (now - p.at < 120_000) break;
        pending.delete(k);
      }
      pending.set(token, { sid, refresh, userId: String(user.id), at: now });
      return token;
    },

    claimPending(token: string): Pending | undefined {
      const p = pending.get(token);
      pending.delete(token);
      return p;
    },
    get pendingCount() {
      return pending.size;
    },

    async start(p: Pending, userAgent: string): Promise<SessionRecord> {
      const now = Date.now();
      const session: SessionRecord = {
        id: p.sid,
        userId: p.userId,
        createdAt: now,
        lastUsedAt: now,
        expiresAt: Math.min(now + s.idleTtl * 1000, now + s.refreshTtl * 1000),
        absoluteExpiresAt: now + s.refreshTtl * 1000,
        userAgent: userAgent.slice(0, 512),
        tokenHash: await sha256(p.refresh),
        prevHash: null,
        rotatedAt: null,
      };
      await guard(store.create(session));
      return session;
    },

    /** The per-request check of an access token. Throws StoreUnavailableError. */
    async check(token: string, now: number): Promise<Check> {
      const claims = await kit.verify(token, now);
      if (!claims) return { error: 'invalid' };
      const sid = claims.sid;
      if (typeof sid !== 'string') {
        return s.legacyTokensUntil !== null && now < s.legacyTokensUntil ? { claims } : { error: 'session_required' };
      }
      const until = live.get(sid);
      if (until !== undefined && now < until) return { claims };
      const expires = await guard(store.liveUntil(sid, now));
      if (expires === null) {
        live.delete(sid);
        return { error: 'session_revoked' };
      }
      if (cacheMs > 0) {
        if (live.size > 50_000) live.clear(); // bounded memory; the store is the truth
        live.set(sid, Math.min(now + cacheMs, expires));
      }
      return { claims };
    },

    /** Runs `next` with `token` known good (checked by the gate for this request). */
    async holding<T>(token: string, claims: AccessClaims, next: () => Promise<T>): Promise<T> {
      const e = inFlight.get(token) ?? { claims, n: 0 };
      e.n++;
      inFlight.set(token, e);
      try {
        return await next();
      } finally {
        if (--e.n === 0) inFlight.delete(token);
      }
    },
    held: (token: string) => inFlight.get(token)?.claims,

    /** Rotation. Throws StoreUnavailableError. */
    async refresh(token: unknown, now: number): Promise<{ token: string; refresh: string; session: SessionRecord } | { error: 'invalid_grant' }> {
      const sid = refreshSid(token);
      if (!sid) return { error: 'invalid_grant' }; // not one of ours: a JWT, garbage, too long…
      const { next, presentedHash, nextHash } = await kit.successor(token as string);
      const r = await guard(
        store.rotate({ id: sid, presentedHash, nextHash, now, graceMs: s.graceSeconds * 1000, idleMs: s.idleTtl * 1000 }),
      );
      if (!r.ok) {
        live.delete(sid);
        return { error: 'invalid_grant' };
      }
      const user = await loadUser(r.session.userId);
      if (!user) {
        await this.revoke(sid);
        return { error: 'invalid_grant' };
      }
      return { token: await kit.sign(pick(user), sid, now, s.accessTtl), refresh: next, session: r.session };
    },

    async revoke(sid: string): Promise<boolean> {
      live.delete(sid);
      return guard(store.revoke(sid));
    },

    async revokeUser(userId: string, exceptId?: string): Promise<number> {
      live.clear(); // which sids went is not known here; the cache refills from the store
      return guard(store.revokeUser(userId, exceptId));
    },

    get: (sid: string) => guard(store.get(sid, Date.now())),
    list: (userId: string) => guard(store.list(userId, Date.now())),
  };
}
