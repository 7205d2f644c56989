import { getDocument, getWindow, listen, sleep } from './runtime.js';
import type { SessionHost } from './session-host.js';
import { sameUser } from './token.js';

/** How often this tab looks for same-tab writes of the key by others: no event reports those. */
const POLL = 500;
/** A removed token waits this long for our own tabs' `logout` message, which carries the real reason. */
const REMOVAL_GRACE = 200;

/**
 * Following other writers of the storage key (Bknd's `Api` stores its raw JWT under `auth`;
 * DevTools): other tabs' writes arrive as `storage` events, this tab's are found by comparing the
 * raw stored string while the page is visible.
 */
export class OtherWriters {
  #host: SessionHost;
  #following?: Promise<void>;

  constructor(host: SessionHost) {
    this.#host = host;
  }

  /** Starts watching (local storage, header transport); returns the release. */
  watch(): () => void {
    const { config, store } = this.#host;
    if (store.kind !== 'local' || config.transport !== 'header') return () => {};
    const key = config.storageKey;
    const off = listen(getWindow(), 'storage', (e) => {
      const k = (e as StorageEvent).key;
      if (k === null || k === key) void this.follow(); // null: storage.clear()
    });
    const poll = setInterval(() => {
      if (getDocument()?.visibilityState !== 'visible' || this.#host.state.status === 'loading') return;
      try {
        if (localStorage.getItem(key) !== store.raw) void this.follow();
      } catch {
        // storage went away: nothing to follow
      }
    }, POLL);
    return () => {
      off();
      clearInterval(poll);
    };
  }

  /** Back from throttling, freezing or sleep: the key may have changed meanwhile; then every deadline is looked at. */
  async wake() {
    const host = this.#host;
    if (host.disposed || host.state.status === 'loading') return;
    if (host.store.shared) await this.follow(false);
    host.timer.tick();
  }

  /**
   * Takes what another writer stored: a removed token signs out (no server call: whoever removed
   * it did that), a different one is adopted without a `/me` (the periodic check covers it).
   * Adopting the token we already hold changes nothing, so our own tabs' messages are not handled twice.
   */
  follow(grace = true): Promise<void> {
    const host = this.#host;
    return (this.#following ??= (async () => {
      try {
        let s = await host.store.read();
        if (!s && grace && host.state.status === 'authenticated') {
          // Our own tabs announce a sign-out with its reason; let that message win the race.
          await sleep(REMOVAL_GRACE);
          s = await host.store.read();
        }
        if (host.disposed || host.state.status === 'loading') return;
        const { status, user } = host.state;
        if (!s) {
          if (status === 'authenticated' && host.config.transport === 'header') host.signOut('logout', true);
        } else if (s.token !== host.tokens.token) {
          const sameSession = status === 'authenticated' && (!user || !s.user || sameUser(user, s.user));
          await host.adopt(s, sameSession ? 'remote-refresh' : 'remote-login');
        }
      } finally {
        this.#following = undefined;
      }
    })());
  }
}
