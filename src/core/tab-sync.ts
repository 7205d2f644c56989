import type { LogoutReason, SessionUser } from './types.js';

/**
 * Messages between the tabs of one origin and storage key. Tokens travel only where the storage
 * cannot carry them (`storage="session"`, whose copies are per tab); see `carriesTokens`.
 */
export type TabMessage =
  | { t: 'login' | 'refresh'; user: SessionUser | null; exp: number | null; token?: string; refreshToken?: string; fp?: string }
  | { t: 'logout'; reason: LogoutReason }
  | { t: 'extend'; at: number }
  | { t: 'activity'; at: number }
  | { t: 'checked'; at: number; user: SessionUser | null }
  | { t: 'hello' }
  | { t: 'handoff'; user: SessionUser | null; exp: number | null; token?: string; refreshToken?: string };

/**
 * BroadcastChannel where it exists; otherwise `storage` events on a scratch localStorage key
 * (written then removed at once); otherwise nothing (a single tab still works).
 */
export class TabChannel {
  #bc?: BroadcastChannel;
  #off?: () => void;
  #key: string;

  constructor(name: string, onMessage: (m: TabMessage) => void) {
    this.#key = `${name}:sync`;
    if (typeof BroadcastChannel === 'function') {
      const bc = new BroadcastChannel(name);
      bc.onmessage = (e) => isMessage(e.data) && onMessage(e.data);
      this.#bc = bc;
    } else if (typeof addEventListener === 'function') {
      const onStorage = (e: StorageEvent) => {
        if (e.key !== this.#key || !e.newValue) return;
        try {
          const m = JSON.parse(e.newValue).m;
          if (isMessage(m)) onMessage(m);
        } catch {
          // not ours
        }
      };
      addEventListener('storage', onStorage);
      this.#off = () => removeEventListener('storage', onStorage);
    }
  }

  post(m: TabMessage) {
    // JSON round trip: framework proxies (Vue refs, Svelte state) cannot be structured-cloned.
    const plain = JSON.parse(JSON.stringify(m));
    if (this.#bc) return this.#bc.postMessage(plain);
    try {
      localStorage.setItem(this.#key, JSON.stringify({ m: plain, n: Math.random() }));
      localStorage.removeItem(this.#key);
    } catch {
      // no storage either: this tab is on its own
    }
  }

  close() {
    this.#bc?.close();
    this.#off?.();
  }
}

const isMessage = (m: unknown): m is TabMessage => !!m && typeof m === 'object' && typeof (m as { t?: unknown }).t === 'string';
