// `session-elements/bknd`: the server half, for wherever Bknd runs. Shares only types with the
// browser side; never part of the CDN file.
export { sessions, revokeUserSessions, type SessionsOptions } from './plugin.js';
export { redisStore, type RedisStoreOptions, type RedisLike } from './stores/redis.js';
export { sqlStore, type SqlStoreOptions } from './stores/sql.js';
export type { SessionStore, SessionRecord, RotateInput, RotateResult } from './store.js';
export type { SessionInfo } from '../core/types.js';
