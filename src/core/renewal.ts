import { SessionError, isSessionError } from './errors.js';
import { sleep } from './runtime.js';
import type { SessionHost } from './session-host.js';

const MAX_BACKOFF = 60_000;
/** How long a tab keeps the refresh lock after rotating, so the new token reaches the other tabs first. */
const SETTLE = 100;

/**
 * Refreshing the access token: one refresh at a time per tab and, under the cross-tab mutex,
 * one for all tabs (another tab's newer token is taken instead of spending a rotated one), and
 * the backoff after failures.
 */
export class Renewal {
  /** When to try again after a failure. */
  retryAt = 0;
  /** A refresh answer that is a setup problem, not a dead token: reported once, retried with backoff. */
  refused: SessionError | null = null;
  #retries = 0;
  #inFlight?: Promise<boolean>;
  #host: SessionHost;

  constructor(host: SessionHost) {
    this.#host = host;
  }

  /** The server answered: the next failure starts the backoff afresh. */
  reset() {
    this.#retries = 0;
  }

  #backoff() {
    this.retryAt = Date.now() + Math.min(MAX_BACKOFF, 1000 * 2 ** this.#retries++) * (0.8 + Math.random() * 0.4);
  }

  /** Network failures, timeouts and 5xx keep the session (while its token is valid) and retry with backoff. */
  failed(e: unknown) {
    const host = this.#host;
    if (!isSessionError(e)) return;
    if (e.code === 'network' || e.code === 'timeout' || e.code === 'server') {
      if (!host.state.offline) host.report(e);
      this.#backoff();
      host.set(host.state.status === 'loading' ? { status: 'unauthenticated', offline: true } : { offline: true });
    } else host.report(e);
    host.timer.schedule();
  }

  /**
   * Refreshes under the cross-tab mutex; true if a new token was obtained (or taken from another
   * tab). Inside the mutex the stored session is read again: if another tab already refreshed
   * (rotating the refresh token), its result is taken instead of spending a token that is no longer valid.
   */
  refresh(force: boolean): Promise<boolean> {
    const host = this.#host;
    const refresh = host.config.backend.refresh;
    const tabs = host.tabs;
    if (!refresh || !tabs || host.disposed) return Promise.resolve(false);
    return (this.#inFlight ??= (async () => {
      const stale = host.staleGuard();
      const spent = host.tokens.refreshToken;
      try {
        return await tabs.exclusive(async () => {
          if (host.tokens.refreshToken !== spent || (await this.#takeNewer(spent))) return true;
          if (!host.timer.refreshDue() && !force) return false;
          const result = await refresh.call(host.config.backend, host.context());
          if (stale()) return false;
          await host.accept(result, 'refresh');
          // Hold the lock a moment: Chromium delivers localStorage writes to other tabs
          // asynchronously, and the next tab in line must see the rotated token, not spend the old one.
          if (tabs.locking) await sleep(SETTLE);
          return true;
        });
      } catch (e) {
        if (stale()) return false;
        if (isSessionError(e) && e.code === 'invalid-token') {
          // Rejected: unless another tab rotated it meanwhile, the refresh token is dead.
          if (await this.#takeNewer(spent, true)) return true;
          host.report(e);
          host.signOut('invalid');
        } else if (isSessionError(e) && e.code === 'config') {
          // The server refuses the request itself (wrong path or encoding): report it once, keep the
          // session while the access token lasts, and try again later in case it gets fixed.
          if (!this.refused) host.report(e);
          this.refused = e;
          this.#backoff();
          host.timer.schedule();
        } else this.failed(e);
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
      await sleep(50);
    }
  }
}
