import { bknd } from './backends/bknd.js';
import type { RefreshBackendOptions } from './backends/refresh.js';
import { SessionError } from './errors.js';
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
  let module: Promise<SessionBackend>;
  const get = () =>
    (module ??= load().catch((e) => {
      // A chunk that failed to load (offline before it arrived) is tried again on the next call.
      module = undefined!;
      throw new SessionError('network', 'Could not load the session backend module', undefined, { cause: e });
    }));
  get().catch(() => {});
  type Methods = Record<string, (...args: unknown[]) => unknown>;
  const backend: Methods = {};
  for (const name of ['login', 'me', 'logout', ...has]) backend[name] = async (...args) => ((await get()) as unknown as Methods)[name](...args);
  return backend as unknown as SessionBackend;
}

/** The generic access + refresh token backend (see `RefreshBackendOptions`), loaded lazily. */
export const refreshBackend = (options?: RefreshBackendOptions): SessionBackend =>
  lazyBackend(() => import('./backends/refresh.js').then((m) => m.refreshBackend(options)), ['register', 'refresh']);

/**
 * The backends a `backend` attribute can name: `bknd` is in the entry, the others load lazily.
 * `options` are the named backend's own options (`host` wins over theirs).
 */
export function createBackend(name: string, host = '', options?: object): SessionBackend | null {
  if (name === 'bknd') return bknd({ ...options, host });
  if (name === 'refresh') return refreshBackend({ ...options, host });
  return null;
}
