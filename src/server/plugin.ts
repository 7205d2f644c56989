// `sessions(options)`: renewable, revocable sessions for Bknd, as one AppPlugin.
//
// How it hooks in (see ../../docs/bknd-plugin.md and BKND.md's plugin section):
// - onServerInit: the gate middleware, added synchronously so it runs before Bknd's CORS and routes.
// - schema: the sessions entity of the default store.
// - on every build (a *sync* `app-built` listener, whose errors Bknd does not swallow, unlike
//   plugin hooks): check the config, replace `authenticator.jwt` (every sign-in path calls it) and
//   `authenticator.verify`, add the routes, then check the router: if the gate is not registered
//   before Bknd's /api routes, the build throws and Bknd does not start.
import type { App, AppPlugin } from 'bknd';
import { gate, routes, type Shared } from './routes.js';
import { createService, type Settings } from './sessions.js';
import type { SessionStore } from './store.js';
import { sqlStore } from './stores/sql.js';
import { tokenKit } from './tokens.js';

export interface SessionsOptions {
  /** Seconds an access JWT lives. @default 900 (15 minutes) */
  accessTtl?: number;
  /** Seconds a session may go without a refresh before it ends (sliding). @default 604800 (7 days) */
  idleTtl?: number;
  /** Seconds a session may last at all, however often refreshed (absolute). @default 2592000 (30 days) */
  refreshTtl?: number;
  /** Seconds a replaced refresh token still gets the same successor (two tabs, a lost answer). @default 10 */
  graceSeconds?: number;
  /** Seconds an access token's iat/nbf may lie in the future, and exp in the past (instances' clocks). @default 5 */
  clockSkew?: number;
  /** Where sessions live. @default sqlStore() — an entity in Bknd's own database */
  store?: SessionStore;
  /** Origins besides the server's own that may refresh with the cookie. @default Bknd's `server.cors.origin` list (never "*") */
  allowedOrigins?: string[];
  /**
   * Migration: until this instant, Bknd tokens without a session claim (issued before the plugin)
   * are still accepted, unrevocable, as before. Set it to install time + your old `jwt.expires`.
   * @default undefined — refused at once (401 session_required)
   */
  legacyTokensUntil?: Date | string | number;
  /** Milliseconds a store call may take before the request gets 503 store_unavailable. @default 2000 */
  storeTimeoutMs?: number;
  /** Seconds an instance trusts "session live" without asking the store. @default the store's (SQL 5, Redis 0) */
  cacheSeconds?: number;
  /** Accept a JWT secret shorter than 32 characters. @default true only when NODE_ENV is "development" */
  development?: boolean;
}

/** The app's plugin state, for `revokeUserSessions`. */
const installed = new WeakMap<App, Shared>();

const seconds = (name: string, v: number | undefined, dflt: number, min = 1) => {
  const n = v ?? dflt;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min) throw new TypeError(`sessions(): ${name} must be a number >= ${min} (seconds), got ${String(v)}`);
  return n;
};

export function sessions(options: SessionsOptions = {}): AppPlugin {
  const store = options.store ?? sqlStore();
  const legacy = options.legacyTokensUntil === undefined ? null : new Date(options.legacyTokensUntil).getTime();
  if (Number.isNaN(legacy)) throw new TypeError(`sessions(): legacyTokensUntil is not a date: ${String(options.legacyTokensUntil)}`);
  const settings: Settings = {
    accessTtl: Math.floor(seconds('accessTtl', options.accessTtl, 900)),
    idleTtl: seconds('idleTtl', options.idleTtl, 7 * 86400),
    refreshTtl: seconds('refreshTtl', options.refreshTtl, 30 * 86400),
    graceSeconds: seconds('graceSeconds', options.graceSeconds, 10, 0),
    clockSkew: seconds('clockSkew', options.clockSkew, 5, 0),
    storeTimeoutMs: seconds('storeTimeoutMs', options.storeTimeoutMs, 2000),
    cacheSeconds: seconds('cacheSeconds', options.cacheSeconds, store.cacheSeconds, 0),
    legacyTokensUntil: legacy,
    allowedOrigins: options.allowedOrigins ?? [],
  };
  const development = options.development ?? (globalThis as any).process?.env?.NODE_ENV === 'development';

  return (app: App) => {
    const shared: Shared = { claims: new WeakMap() };
    shared.gate = gate(app, shared);
    installed.set(app, shared);
    const install = async () => {
      shared.service = undefined; // a failed rebuild leaves the gate answering 503, not open
      const auth = app.module.auth;
      if (!auth?.enabled) throw new Error('[session-elements] Bknd auth is not enabled (config auth.enabled)');
      const jwt = auth.config.jwt;
      if (!jwt?.secret || (jwt.secret.length < 32 && !development)) {
        throw new Error('[session-elements] auth.jwt.secret must be at least 32 characters (set NODE_ENV=development to allow a short one locally)');
      }
      const fields: string[] = [...(jwt.fields ?? ['id', 'email', 'role'])];
      if (!fields.includes('id')) throw new Error('[session-elements] auth.jwt.fields must include "id"');
      store.bind?.(app);
      const kit = await tokenKit({ secret: jwt.secret, alg: jwt.alg ?? 'HS256', issuer: jwt.issuer, fields }, settings.clockSkew);
      const service = createService(app, settings, store, kit, fields);
      const authenticator = auth.authenticator as any;
      authenticator.jwt = (user: Record<string, unknown>) => service.issue(user);
      // Bknd's own check (every route that resolves a user, admin UI included): ended sessions and
      // tokens without a session claim are anonymous. The gate has already given /api its 401s.
      authenticator.verify = async (token: string) => {
        const held = service.held(token);
        if (held) return held;
        const r = await service.check(token, Date.now()).catch(() => null);
        return r && 'claims' in r ? r.claims : undefined;
      };
      routes(app, shared);
      shared.service = service;
      // The gate must come before Bknd's own routes, or every check above is moot. Read from the
      // router's route list: a probe request would freeze Hono's matcher before other plugins'
      // onBuilt hooks add their routes.
      const list: { path: string; handler: unknown }[] = (app.server as any).routes ?? [];
      const at = list.findIndex((r) => r.handler === shared.gate);
      const firstApi = list.findIndex((r) => r.path.startsWith('/api/'));
      if (at < 0 || firstApi < 0 || at > firstApi) {
        shared.service = undefined;
        throw new Error(
          `[session-elements] the session check does not run before Bknd's routes (${list[firstApi]?.path ?? 'none found'}): put sessions() first in options.plugins`,
        );
      }
    };
    return {
      name: 'session-elements',
      ...(store.schema ? { schema: () => store.schema!() as any } : {}),
      onServerInit: (server) => {
        server.use('*', shared.gate as any);
      },
      beforeBuild: () => {
        app.emgr.on('app-built', install, { mode: 'sync', id: 'session-elements' });
      },
    };
  };
}

/**
 * Ends every session of a user (admin tools, a password change). Their access tokens are refused
 * from the next request on. Returns how many sessions ended.
 */
export async function revokeUserSessions(app: App, userId: string | number): Promise<number> {
  const service = installed.get(app)?.service;
  if (!service) throw new Error('[session-elements] revokeUserSessions: the sessions() plugin is not installed on this app');
  return service.revokeUser(String(userId));
}
