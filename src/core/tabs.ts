import { getWindow, listen, sleep } from './runtime.js';
import type { SessionHost } from './session-host.js';
import { REFRESH_COOKIE, type SessionStore, type StoredSession } from './session-store.js';
import type { LogoutReason, SessionUser, Transport } from './types.js';

/**
 * Messages between the tabs of one origin and storage key. Tokens travel only where the storage
 * cannot carry them (`storage="session"`, whose copies are per tab); see `announce`.
 */
export type TabMessage =
  | { t: 'login' | 'refresh'; user: SessionUser | null; exp: number | null; token?: string; refreshToken?: string; fp?: string }
  | { t: 'logout'; reason: LogoutReason }
  | { t: 'extend'; at: number }
  | { t: 'activity'; at: number }
  | { t: 'checked'; at: number; user: SessionUser | null }
  | { t: 'hello' }
  | { t: 'handoff'; user: SessionUser | null; exp: number | null; token?: string; refreshToken?: string };

/** How long a new `storage="session"` tab waits for another tab to hand it the session. */
const HANDOFF_WAIT = 300;

type SessionMessage = Extract<TabMessage, { t: 'login' | 'refresh' | 'handoff' }>;

/**
 * The other tabs of this origin and storage key: one channel for news, Web Locks for a leader
 * (who runs the periodic check) and a refresh mutex (a rotating refresh token is spent once),
 * and the `storage="session"` hand-off, whose per-tab copies the storage cannot share.
 * The channel is a BroadcastChannel where it exists; otherwise `storage` events on a scratch
 * localStorage key (written then removed at once); otherwise nothing (a single tab still works).
 * Where Web Locks are missing every tab leads and the mutex is a no-op; callers re-check shared
 * state inside it, so that only costs duplicate requests, never a sign-out.
 */
export class Tabs {
  leader = false;
  /** Sends a message to the other tabs; none without a channel (memory storage: this tab only). */
  #send?: (m: TabMessage) => void;
  #closeChannel?: () => void;
  #name: string;
  #locks = (globalThis.navigator as Navigator | undefined)?.locks;
  /** Ends leadership and waiting for the mutex when this tab closes. */
  #abort = new AbortController();
  #host: SessionHost;
  #store: SessionStore;
  #transport: Transport;
  #closed = false;
  #handoff?: (m: SessionMessage) => void;

  constructor(host: SessionHost) {
    const name = (this.#name = `session-elements:${host.config.storageKey}`);
    this.#host = host;
    this.#store = host.store;
    this.#transport = host.config.transport;
    if (this.#store.kind === 'memory') return;
    const receive = (m: unknown) => isMessage(m) && void this.#receive(m);
    if (typeof BroadcastChannel === 'function') {
      const bc = new BroadcastChannel(name);
      bc.onmessage = (e) => receive(e.data);
      this.#send = (m) => bc.postMessage(m);
      this.#closeChannel = () => bc.close();
    } else {
      const key = `${name}:sync`;
      this.#closeChannel = listen(getWindow(), 'storage', (e) => {
        const { key: k, newValue } = e as StorageEvent;
        if (k !== key || !newValue) return;
        try {
          receive(JSON.parse(newValue).m);
        } catch {
          // not ours
        }
      });
      this.#send = (m) => {
        try {
          localStorage.setItem(key, JSON.stringify({ m, n: Math.random() }));
          localStorage.removeItem(key);
        } catch {
          // no storage either: this tab is on its own
        }
      };
    }
  }

  /** Whether refreshes are serialized across tabs (Web Locks exist). */
  get locking() {
    return !!this.#locks;
  }

  post(m: TabMessage) {
    // JSON round trip: framework proxies (Vue refs, Svelte state) cannot be structured-cloned.
    this.#send?.(JSON.parse(JSON.stringify(m)));
  }

  /** Tells the other tabs about a new session. Tokens travel only where storage cannot carry them. */
  announce(kind: 'login' | 'refresh', s: StoredSession) {
    // The word that a refresh cookie is there is no secret; cookie-transport tabs learn renewability from it.
    const carry = this.#store.kind === 'session' ? tokensOf(s) : { fp: fingerprint(s.token), refreshToken: s.refreshToken === REFRESH_COOKIE ? s.refreshToken : undefined };
    this.post({ t: kind, user: s.user, exp: s.exp, ...carry });
  }

  /** Calls `onLead` once this tab holds the leader lock (at once without Web Locks), which it keeps until it closes. */
  lead(onLead: () => void) {
    const lead = () => {
      if (this.#closed) return;
      this.leader = true;
      onLead();
    };
    if (!this.#locks) return lead();
    const { signal } = this.#abort;
    this.#locks
      .request(`${this.#name}:leader`, { signal }, () => (lead(), new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()))))
      .catch(() => {}); // aborted by close()
  }

  /** Runs `fn` while no other tab runs its own (a refresh). */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#locks ? (this.#locks.request(`${this.#name}:mutex`, { signal: this.#abort.signal }, fn) as Promise<T>) : fn();
  }

  /** `storage="session"`: a new tab asks the open ones for the session; null if none answers in time. */
  askHandoff(): Promise<StoredSession | null> {
    if (this.#store.kind !== 'session') return Promise.resolve(null); // session storage has a channel
    return new Promise((resolve) => {
      const done = (m: SessionMessage | null) => {
        clearTimeout(timer);
        this.#handoff = undefined;
        resolve(m && !this.#closed ? fromMessage(m) : null);
      };
      const timer = setTimeout(() => done(null), HANDOFF_WAIT);
      this.#handoff = done;
      this.post({ t: 'hello' });
    });
  }

  close() {
    this.#closed = true;
    this.#closeChannel?.();
    this.#abort.abort();
  }

  /** What another tab's message means here. */
  async #receive(m: TabMessage) {
    if (this.#closed) return;
    const host = this.#host;
    const signedIn = host.state.status === 'authenticated';
    switch (m.t) {
      case 'login':
      case 'refresh': {
        const s = this.#store.shared && this.#transport === 'header' ? await this.#readMatching(m.fp) : fromMessage(m);
        if (s && m.user) s.user = m.user; // the server's user object, as the signing-in tab has it
        if (s && (s.token || this.#transport === 'cookie') && !this.#closed) await host.adopt(s, m.t === 'login' ? 'remote-login' : 'remote-refresh');
        break;
      }
      case 'logout':
        if (signedIn) host.signOut(m.reason, true);
        break;
      case 'extend':
      case 'activity':
        host.activity.received(m.at);
        if (m.t === 'extend') host.timer.tick();
        break;
      case 'checked':
        host.check.heard(m.at, m.user);
        break;
      case 'hello':
        if (this.#store.kind === 'session' && signedIn) this.post({ t: 'handoff', user: host.state.user, exp: host.tokens.exp, ...tokensOf(host.tokens) });
        break;
      case 'handoff':
        this.#handoff?.(m);
    }
  }

  /**
   * Reads the stored session another tab just announced. Chromium hands localStorage writes to
   * other tabs' processes asynchronously, so the message can arrive first: wait (briefly) for it.
   */
  async #readMatching(fp: string | undefined) {
    let s: StoredSession | null = null;
    for (let i = 0; i < 40 && !this.#closed; i++) {
      s = await this.#store.read();
      if (fingerprint(s?.token) === fp) break;
      await sleep(25);
    }
    return s;
  }
}

/** The tokens as a message carries them (absent, not null). */
const tokensOf = (s: Pick<StoredSession, 'token' | 'refreshToken'>) => ({ token: s.token ?? undefined, refreshToken: s.refreshToken ?? undefined });

const fromMessage = (m: SessionMessage): StoredSession => ({ token: m.token ?? null, refreshToken: m.refreshToken ?? null, user: m.user, exp: m.exp });

/**
 * A short hash that lets tabs tell which stored token a message is about (two tokens issued in the
 * same second share `exp`) without the token itself travelling over the channel.
 */
function fingerprint(token: string | null | undefined) {
  if (!token) return undefined;
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

const isMessage = (m: unknown): m is TabMessage => !!m && typeof m === 'object' && typeof (m as { t?: unknown }).t === 'string';
