// Sessions in Redis, for several Bknd instances behind one app.
// Keys (hash tags keep each session's key on one Cluster slot; the Lua script touches one key):
//   <prefix>s:{<sid>}  hash  uid th ph ra ca lu ex ab ua   PEXPIREAT = ex (idle or absolute end)
//   <prefix>u:{<uid>}  set   the user's session ids (members of ended sessions are pruned on read)
// Rotation is one Lua script, so two instances can never both move a session on. There is no
// in-process cache by default: every instance asks Redis on every request, so a revocation made on
// one instance is refused by all of them on their next request (one round trip, ~0.1-0.3 ms).
// `ioredis` is loaded only here, and only when given a URL.
import type { RotateInput, RotateResult, SessionRecord, SessionStore } from '../store.js';

/** The subset of an ioredis client (Redis or Cluster) this store uses. */
export interface RedisLike {
  hgetall(key: string): Promise<Record<string, string>>;
  hget(key: string, field: string): Promise<string | null>;
  hset(key: string, data: Record<string, string | number>): Promise<unknown>;
  pexpireat(key: string, at: number): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
  sadd(key: string, ...members: string[]): Promise<unknown>;
  srem(key: string, ...members: string[]): Promise<unknown>;
  smembers(key: string): Promise<string[]>;
  pexpire(key: string, ms: number): Promise<unknown>;
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  disconnect(): void;
}

export interface RedisStoreOptions {
  /** A redis:// URL; the store opens (and closes) its own ioredis client. */
  url?: string;
  /** Or a client you made (ioredis `Redis` or `Cluster`); you close it. */
  client?: RedisLike;
  /** Key prefix. @default "se:" */
  prefix?: string;
  /** Seconds an instance may trust "session live" without asking Redis. @default 0 */
  cacheSeconds?: number;
}

// KEYS[1] session; ARGV presented hash, next hash, now, grace ms, idle ms.
// Returns {1, ...HGETALL} on success (rotated now, or a replay inside the window that gets the
// same successor), {0} unknown/expired or a token never seen (refused, the session lives on: a
// forged token must not end it), {-1} the previous token after the window (the session is deleted).
const ROTATE = `
local k = KEYS[1]
local s = redis.call('HMGET', k, 'th', 'ph', 'ra', 'ex', 'ab')
if not s[1] then return {0} end
local now = tonumber(ARGV[3])
if now >= tonumber(s[4]) then redis.call('DEL', k) return {0} end
if s[1] == ARGV[1] then
  local ex = math.min(now + tonumber(ARGV[5]), tonumber(s[5]))
  redis.call('HSET', k, 'th', ARGV[2], 'ph', ARGV[1], 'ra', ARGV[3], 'lu', ARGV[3], 'ex', ex)
  redis.call('PEXPIREAT', k, ex)
elseif s[2] ~= ARGV[1] then
  return {0}
elseif not (s[1] == ARGV[2] and now - tonumber(s[3]) <= tonumber(ARGV[4])) then
  redis.call('DEL', k)
  return {-1}
end
local all = redis.call('HGETALL', k)
table.insert(all, 1, 1)
return all
`;

async function sha1(text: string) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function redisStore({ url, client, prefix = 'se:', cacheSeconds = 0 }: RedisStoreOptions): SessionStore {
  if (!url === !client) throw new TypeError('redisStore needs exactly one of { url, client }');
  let redis: Promise<RedisLike> | undefined;
  const connect = async (): Promise<RedisLike> => {
    const m: any = await import('ioredis');
    const Redis = m.Redis ?? m.default;
    // No offline queue and few retries: an unreachable Redis fails a request fast (503) instead
    // of holding it until Redis is back (ioredis keeps reconnecting in the background).
    const c = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 2000 });
    c.on('error', () => {}); // reported per command as 503; not an unhandled 'error' event
    try {
      await c.connect();
    } catch (e) {
      c.disconnect();
      throw e;
    }
    return c;
  };
  const r = () =>
    (redis ??= client
      ? Promise.resolve(client)
      : connect().catch((e) => {
          redis = undefined; // try again on the next request
          throw e;
        }));
  const sKey = (sid: string) => `${prefix}s:{${sid}}`;
  const uKey = (uid: string) => `${prefix}u:{${uid}}`;
  let scriptSha: Promise<string> | undefined;
  const rotateScript = async (c: RedisLike, keys: string[], args: (string | number)[]) => {
    const sha = await (scriptSha ??= sha1(ROTATE));
    try {
      return await c.evalsha(sha, keys.length, ...keys, ...args);
    } catch (e) {
      if (!String(e).includes('NOSCRIPT')) throw e;
      return c.eval(ROTATE, keys.length, ...keys, ...args);
    }
  };
  const get = async (id: string, now: number) => {
    const h = await (await r()).hgetall(sKey(id));
    return h.th && now < Number(h.ex) ? toRecord(id, h) : null;
  };
  return {
    kind: 'redis',
    cacheSeconds,
    async create(s) {
      const c = await r();
      // Separate commands, not MULTI: the two keys live on different Cluster slots.
      await c.hset(sKey(s.id), {
        uid: s.userId, th: s.tokenHash, ph: '', ra: 0, ca: s.createdAt, lu: s.lastUsedAt,
        ex: s.expiresAt, ab: s.absoluteExpiresAt, ua: s.userAgent,
      });
      await c.pexpireat(sKey(s.id), s.expiresAt);
      await c.sadd(uKey(s.userId), s.id);
      // The index lives as long as the newest session can.
      await c.pexpire(uKey(s.userId), s.absoluteExpiresAt - s.createdAt);
    },
    get,
    async liveUntil(id, now) {
      const ex = await (await r()).hget(sKey(id), 'ex');
      return ex && now < Number(ex) ? Number(ex) : null;
    },
    async rotate({ id, presentedHash, nextHash, now, graceMs, idleMs }: RotateInput): Promise<RotateResult> {
      const out = (await rotateScript(await r(), [sKey(id)], [presentedHash, nextHash, now, graceMs, idleMs])) as (string | number)[];
      if (out[0] === 0) return { ok: false, reason: 'unknown' };
      if (out[0] === -1) return { ok: false, reason: 'reused' };
      const h: Record<string, string> = {};
      for (let i = 1; i < out.length; i += 2) h[String(out[i])] = String(out[i + 1]);
      return { ok: true, session: toRecord(id, h) };
    },
    async list(userId, now) {
      const c = await r();
      const ids = await c.smembers(uKey(userId));
      const all = await Promise.all(ids.map((id) => get(id, now)));
      const gone = ids.filter((_, i) => !all[i]);
      if (gone.length) await c.srem(uKey(userId), ...gone);
      return all.filter((s): s is SessionRecord => s !== null);
    },
    async revoke(id) {
      return (await (await r()).del(sKey(id))) > 0;
    },
    async revokeUser(userId, exceptId) {
      const c = await r();
      const ids = (await c.smembers(uKey(userId))).filter((id) => id !== exceptId);
      // One DEL per key: a multi-key DEL across slots fails on Cluster.
      const n = (await Promise.all(ids.map((id) => c.del(sKey(id))))).reduce((a, b) => a + b, 0);
      if (ids.length) await c.srem(uKey(userId), ...ids);
      return n;
    },
    async close() {
      // disconnect, not QUIT: it also stops reconnecting to a Redis that is gone.
      const c = url && redis && (await redis.catch(() => undefined));
      if (c) c.disconnect();
      redis = undefined;
    },
  };
}

function toRecord(id: string, h: Record<string, string>): SessionRecord {
  return {
    id,
    userId: h.uid ?? '',
    tokenHash: h.th ?? '',
    prevHash: h.ph || null,
    rotatedAt: Number(h.ra) || null,
    createdAt: Number(h.ca),
    lastUsedAt: Number(h.lu),
    expiresAt: Number(h.ex),
    absoluteExpiresAt: Number(h.ab),
    userAgent: h.ua ?? '',
  };
}
