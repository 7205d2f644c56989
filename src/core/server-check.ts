import { isSessionError, type SessionError } from './errors.js';
import type { SessionHost } from './session-host.js';
import type { SessionUser } from './types.js';

const MAX_BACKOFF = 60_000;

/**
 * Asking the server whether the session is still good (`/me`), one request at a time, and what
 * follows; and when to ask again after the server could not be reached (backoff).
 */
export class ServerCheck {
  /** When the server last answered, here or in another tab. */
  last = 0;
  /** When to try again after a failure. */
  retryAt = 0;
  /** A refresh answer that is a setup problem, not a dead token: reported once, retried with backoff. */
  refused: SessionError | null = null;
  #retries = 0;
  #inFlight?: Promise<void>;
  #host: SessionHost;

  constructor(host: SessionHost) {
    this.#host = host;
  }

  /** The server answered (now): the next failure starts the backoff afresh. */
  answered() {
    this.last = Date.now();
    this.#retries = 0;
  }

  backoff() {
    this.retryAt = Date.now() + Math.min(MAX_BACKOFF, 1000 * 2 ** this.#retries++) * (0.8 + Math.random() * 0.4);
  }

  /** Network failures, timeouts and 5xx keep the session (while its token is valid) and retry with backoff. */
  failed(e: unknown) {
    const host = this.#host;
    if (!isSessionError(e)) return;
    if (e.code === 'network' || e.code === 'timeout' || e.code === 'server') {
      if (!host.state.offline) host.report(e);
      this.backoff();
      host.set(host.state.status === 'loading' ? { status: 'unauthenticated', offline: true } : { offline: true });
    } else host.report(e);
    host.timer.schedule();
  }

  /** Concurrent calls share one request. */
  run(): Promise<void> {
    const host = this.#host;
    return (this.#inFlight ??= (async () => {
      const stale = host.staleGuard();
      const wasIn = host.state.status === 'authenticated';
      try {
        const user = await host.config.backend.me(host.context());
        if (stale()) return;
        this.answered();
        if (user) {
          if (!wasIn) {
            // Signed in by an httpOnly cookie we had no hint of (an OAuth sign-in came back). Bknd with
            // the sessions plugin set a refresh cookie the page cannot see: one refresh tells, and makes
            // the session renewable (plain Bknd answers 404, and the session goes on as it is).
            const b = host.config.backend;
            const renewed = b.refreshNeedsToken && host.config.transport === 'cookie' && (await b.refresh!(host.context()).catch(() => null));
            if (stale()) return;
            if (renewed) return await host.accept({ ...renewed, user }, 'login');
            host.set({ status: 'authenticated', user, offline: false, reason: null });
            await host.persist();
            host.emitLogin(user, false, null);
          } else host.set({ user, offline: false });
          host.tabs?.post({ t: 'checked', at: this.last, user });
        } else if (wasIn) {
          // An expired access token: a refresh decides (it signs out itself if the refresh token is dead,
          // and keeps the session offline if the server cannot be reached).
          if (host.state.renewable && (host.tokens.refreshToken || host.config.transport === 'cookie')) await host.renew(true);
          else host.signOut('invalid');
        } else host.set({ status: 'unauthenticated', offline: false });
      } catch (e) {
        if (!stale()) this.failed(e);
      } finally {
        this.#inFlight = undefined;
        host.timer.schedule();
      }
    })());
  }

  /** Another tab's check: no need to ask again before the next interval. */
  heard(at: number, user: SessionUser | null) {
    const host = this.#host;
    this.last = Math.max(this.last, at);
    if (host.state.status === 'authenticated' && user) host.set({ user, offline: false });
    host.timer.schedule();
  }
}
