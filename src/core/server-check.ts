import type { SessionHost } from './session-host.js';
import type { SessionUser } from './types.js';

/** Asking the server whether the session is still good (`/me`), one request at a time, and what follows. */
export class ServerCheck {
  /** When the server last answered, here or in another tab. */
  last = 0;
  #inFlight?: Promise<void>;
  #host: SessionHost;

  constructor(host: SessionHost) {
    this.#host = host;
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
        this.last = Date.now();
        host.renewal.reset();
        if (user) {
          if (!wasIn) {
            // Signed in by an httpOnly cookie we had no hint of.
            host.set({ status: 'authenticated', user, offline: false, reason: null });
            await host.persist();
            host.emitLogin(user, false, null);
          } else host.set({ user, offline: false });
          host.tabs?.post({ t: 'checked', at: this.last, user });
        } else if (wasIn) {
          // An expired access token: a refresh decides (it signs out itself if the refresh token is dead,
          // and keeps the session offline if the server cannot be reached).
          if (host.state.renewable && (host.tokens.refreshToken || host.config.transport === 'cookie')) await host.renewal.refresh(true);
          else host.signOut('invalid');
        } else host.set({ status: 'unauthenticated', offline: false });
      } catch (e) {
        if (!stale()) host.renewal.failed(e);
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
