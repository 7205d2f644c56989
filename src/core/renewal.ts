import type { SessionError } from './errors.js';
import type { SessionHost } from './session-host.js';

/** How long a tab keeps the refresh lock after rotating, so the new token reaches the other tabs first. */
const SETTLE = 100;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Refreshing the access token, loaded (a dynamic import, a sibling chunk) only for a backend with
 * `refresh`: one refresh at a time per tab and, under the cross-tab mutex, one for all tabs
 * (another tab's newer token is taken instead of spending a rotated one). It imports only types
 * from the core, so bundlers keep the core one file (see `kit.ts`).
 */
export class Renewal {
  #inFlight?: Promise<boolean>;
  #host: SessionHost;

  constructor(host: SessionHost) {
    this.#host = host;
  }

  /**
   * Refreshes under the cross-tab mutex; true if a new token was obtained (or taken from another
   * tab). Inside the mutex the stored session is read again: if another tab already refreshed
   * (rotating the refresh token), its result is taken instead of spending a token that is no longer valid.
   */
  refresh(force: boolean): Promise<boolean> {
    const host = this.#host;
    const { tabs, check, config } = host;
    if (!tabs || host.disposed) return Promise.resolve(false);
    return (this.#inFlight ??= (async () => {
      const stale = host.staleGuard();
      const spent = host.tokens.refreshToken;
      try {
        return await tabs.exclusive(async () => {
          if (host.tokens.refreshToken !== spent || (await this.#takeNewer(spent))) return true;
          if (!host.timer.refreshDue() && !force) return false;
          const result = await config.backend.refresh!(host.context());
          if (stale()) return false;
          await host.accept(result, 'refresh');
          // Hold the lock a moment: Chromium delivers localStorage writes to other tabs
          // asynchronously, and the next tab in line must see the rotated token, not spend the old one.
          if (tabs.locking) await pause(SETTLE);
          return true;
        });
      } catch (e) {
        const code = (e as SessionError)?.code;
        if (stale()) return false;
        if (code === 'invalid-token') {
          // Rejected: unless another tab rotated it meanwhile, the refresh token is dead.
          if (await this.#takeNewer(spent, true)) return true;
          host.report(e as SessionError);
          host.signOut('invalid');
        } else if (code === 'config') {
          // The server refuses the request itself (wrong path or encoding): report it once, keep the
          // session while the access token lasts, and try again later in case it gets fixed.
          if (!check.refused) host.report(e as SessionError);
          check.refused = e as SessionError;
          check.backoff();
          host.timer.schedule();
        } else check.failed(e);
        return false;
      } finally {
        this.#inFlight = undefined;
      }
    })());
  }

  /** Adopts a session another tab stored since `spent` was our refresh token; true if it did. */
  async #takeNewer(spent: string | null, wait = false) {
    const { tokens, store } = this.#host;
    for (let i = 0; ; i++) {
      if (tokens.refreshToken !== spent) return true;
      if (store.shared) {
        const s = await store.read();
        // Another tab's rotation: a different token whose refresh token is not the one we spent.
        if (s && s.token !== tokens.token && s.refreshToken !== spent && s.exp !== null && (tokens.exp === null || s.exp >= tokens.exp))
          return this.#host.adopt(s, 'remote-refresh');
      }
      // After a rejection, give another tab's rotation up to a second to arrive before giving up.
      if (!wait || i >= 20 || this.#host.disposed) return false;
      await pause(50);
    }
  }
}
