import { bknd } from './backends/bknd.js';
import type { OidcBackendOptions } from './backends/oidc.js';
import type { RefreshBackendOptions } from './backends/refresh.js';
import { SessionError } from './errors.js';
import { kit } from './kit.js';
import { chunk } from './runtime.js';
import type { SessionBackend } from './types.js';

type Optional = 'register' | 'refresh' | 'resume';

/**
 * A backend whose module is a dynamic import, so bundles (the CDN build among them) put it in a
 * sibling chunk that only pages using it download. The import starts now, when the backend is
 * created, so it is in memory before the first call and the session works offline after the page
 * loaded. `has` names the optional methods the real backend has: the controller reads their
 * presence (a backend with `refresh` is renewable) before the module arrives.
 */
export function lazyBackend(load: () => Promise<SessionBackend>, has: readonly Optional[]): SessionBackend {
  const get = chunk(load, 'session backend');
  get().catch(() => {});
  type Methods = Record<string, (...args: unknown[]) => unknown>;
  const backend: Methods = {};
  for (const name of ['login', 'me', 'logout', ...has]) backend[name] = async (...args) => ((await get()) as unknown as Methods)[name](...args);
  return backend as unknown as SessionBackend;
}

/** The generic access + refresh token backend (see `RefreshBackendOptions`), loaded lazily. */
export const refreshBackend = (options?: RefreshBackendOptions): SessionBackend =>
  Object.assign(lazyBackend(() => import('./backends/refresh.js').then((m) => m.refreshBackend(options, kit)), ['register', 'refresh']), { host: options?.host });

/**
 * A standard OAuth 2.0 / OpenID Connect server (see `OidcBackendOptions`), loaded lazily: the
 * chunk carries oauth4webapi, which pages on other backends never download. `kind` lets
 * `<login-button>` tell it apart before the module has arrived.
 */
export const oidc = (options: OidcBackendOptions): SessionBackend =>
  Object.assign(lazyBackend(() => import('./backends/oidc.js').then((m) => m.oidc(options, kit)), ['refresh', 'resume']), { kind: 'oidc' as const });

/**
 * The backends a `backend` attribute can name: `bknd` is in the entry, the others load lazily.
 * `options` are the named backend's own options (`host` wins over theirs).
 */
export function createBackend(name: string, host = '', options?: object): SessionBackend | null {
  if (name === 'bknd') return bknd({ ...options, host });
  if (name === 'refresh') return refreshBackend({ ...options, host });
  if (name === 'oidc') {
    const o = options as Partial<OidcBackendOptions> | undefined;
    if (!o?.issuer || !o.clientId) throw new SessionError('config', 'backend "oidc" needs issuer and client-id');
    return oidc(o as OidcBackendOptions);
  }
  return null;
}
