// The default store: the sessions entity (schema.ts) in Bknd's own database, through Kysely so the
// rotation is one conditional UPDATE (atomic on every SQL engine) and no Bknd event fires. The
// entity is hidden from Bknd's data API: sync listeners throw 403 on every read and write of it
// (Bknd's own emailOTP plugin guards its entity the same way); `app.em.fork()` and Kysely are
// unaffected.
import { Exception, type App } from 'bknd';
import { sessionSchema, type SessionRow } from '../schema.js';
import type { RotateInput, RotateResult, SessionRecord, SessionStore } from '../store.js';

export interface SqlStoreOptions {
  /** The entity (table) name. @default "users_sessions" */
  entity?: string;
  /**
   * Seconds an instance may trust "session live" without a query. Revocations made by this
   * instance clear it at once; another instance on the same database sees them up to this late.
   * @default 5
   */
  cacheSeconds?: number;
}

const GUARDED = [
  'repository-find-one-before',
  'repository-find-many-before',
  'mutator-insert-before',
  'mutator-update-before',
  'mutator-delete-before',
];

export function sqlStore({ entity = 'users_sessions', cacheSeconds = 5 }: SqlStoreOptions = {}): SessionStore {
  let app: App | undefined;
  // Kysely's types are Bknd's generated DB type; this table is not in it.
  const db = (): any => {
    if (!app) throw new Error('session store used before the app was built');
    return (app.em.connection as any).kysely;
  };
  const row = async (id: string): Promise<SessionRow | undefined> =>
    db().selectFrom(entity).selectAll().where('sid', '=', id).executeTakeFirst();
  const live = (r: SessionRow | undefined, now: number) => (r && now < Number(r.expires_at) ? r : undefined);
  let creates = 0;
  return {
    kind: 'sql',
    cacheSeconds,
    schema: () => sessionSchema(entity),
    bind(a) {
      app = a;
      if (!app.em.hasEntity(entity)) throw new Error(`the "${entity}" entity is missing: the plugin's schema did not install`);
      for (const slug of GUARDED) {
        app.emgr.on(
          slug,
          (event: any) => {
            if (event.params?.entity?.name === entity) throw new Exception('Sessions are not available through the data API', 403);
          },
          { mode: 'sync', id: `session-elements-${entity}` },
        );
      }
    },
    async create(s) {
      // Expired rows go now and then, on the (rare) sign-in path rather than on requests.
      if (++creates % 50 === 1) await db().deleteFrom(entity).where('expires_at', '<', String(s.createdAt)).execute();
      await db().insertInto(entity).values(toRow(s)).execute();
    },
    async get(id, now) {
      const r = live(await row(id), now);
      return r ? toRecord(r) : null;
    },
    async liveUntil(id, now) {
      const r = await db().selectFrom(entity).select('expires_at').where('sid', '=', id).executeTakeFirst();
      return r && now < Number(r.expires_at) ? Number(r.expires_at) : null;
    },
    async rotate({ id, presentedHash, nextHash, now, graceMs, idleMs }: RotateInput): Promise<RotateResult> {
      const before = await row(id);
      if (!before) return { ok: false, reason: 'unknown' };
      if (now >= Number(before.expires_at)) {
        await db().deleteFrom(entity).where('sid', '=', id).execute();
        return { ok: false, reason: 'expired' };
      }
      const expires = Math.min(now + idleMs, Number(before.absolute_expires_at));
      // Only the request holding the current token moves the session on; the others read the row.
      await db()
        .updateTable(entity)
        .set({ prev_hash: presentedHash, token_hash: nextHash, rotated_at: String(now), last_used_at: String(now), expires_at: String(expires) })
        .where('sid', '=', id)
        .where('token_hash', '=', presentedHash)
        .execute();
      // Test the row, not the update count (libsql reports 0 updated rows).
      const after = await row(id);
      if (after && after.token_hash === nextHash && after.prev_hash === presentedHash && now - Number(after.rotated_at) <= graceMs) {
        return { ok: true, session: toRecord(after) };
      }
      // The previous token after the window: a copy is in other hands, end the session. Any other
      // token is refused without ending it, so a forged token naming a session cannot kill it.
      if (after?.prev_hash !== presentedHash) return { ok: false, reason: 'unknown' };
      await db().deleteFrom(entity).where('sid', '=', id).execute();
      return { ok: false, reason: 'reused' };
    },
    async list(userId, now) {
      const rows: SessionRow[] = await db().selectFrom(entity).selectAll().where('user_id', '=', userId).execute();
      return rows.filter((r) => live(r, now)).map(toRecord);
    },
    async revoke(id) {
      const had = await row(id);
      await db().deleteFrom(entity).where('sid', '=', id).execute();
      return Boolean(had);
    },
    async revokeUser(userId, exceptId) {
      let q = db().selectFrom(entity).select('sid').where('user_id', '=', userId);
      if (exceptId) q = q.where('sid', '!=', exceptId);
      const ids: string[] = (await q.execute()).map((r: { sid: string }) => r.sid);
      if (ids.length) await db().deleteFrom(entity).where('sid', 'in', ids).execute();
      return ids.length;
    },
  };
}

function toRow(s: SessionRecord): SessionRow {
  return {
    sid: s.id,
    user_id: s.userId,
    token_hash: s.tokenHash,
    prev_hash: s.prevHash,
    rotated_at: s.rotatedAt == null ? null : String(s.rotatedAt),
    created_at: String(s.createdAt),
    last_used_at: String(s.lastUsedAt),
    expires_at: String(s.expiresAt),
    absolute_expires_at: String(s.absoluteExpiresAt),
    user_agent: s.userAgent,
  };
}

function toRecord(r: SessionRow): SessionRecord {
  return {
    id: r.sid!,
    userId: r.user_id!,
    tokenHash: r.token_hash!,
    prevHash: r.prev_hash,
    rotatedAt: r.rotated_at == null ? null : Number(r.rotated_at),
    createdAt: Number(r.created_at),
    lastUsedAt: Number(r.last_used_at),
    expiresAt: Number(r.expires_at),
    absoluteExpiresAt: Number(r.absolute_expires_at),
    userAgent: r.user_agent ?? '',
  };
}
