import { Activity } from './activity.js';
import { authorizedFetch } from './authorized-fetch.js';
import { SessionError, warnHint } from './errors.js';
import { leaving } from './http.js';
import { resolveOptions, type Config } from './options.js';
import type { Renewal } from './renewal.js';
import { chunk } from './runtime.js';
import { ServerCheck } from './server-check.js';
import type { AdoptSource, SessionHost } from './session-host.js';
import type { Management } from './session-management.js';
import { SessionStore, type StoredSession } from './session-store.js';
import { SessionTokens, renews } from './session-tokens.js';
import { signIn } from './sign-in.js';
import { endSession, signOut } from './sign-out.js';
import { startSession } from './start.js';
import { Timer } from './timer.js';
import { sameUser } from './token.js';
import type {
  AuthResult, BackendContext, Credentials, LoginOptions, LogoutScope, SessionEventDetails, SessionEventName,
  SessionInfo, SessionOptions, SessionState, SessionUser,
} from './types.js';

/** Typed listeners for the controller's events. */
// Safe merge: it only narrows methods EventTarget implements; nothing here needs initialising.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface SessionController {
  addEventListener<K extends SessionEventName>(type: K, listener: (ev: CustomEvent<SessionEventDetails[K]>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends SessionEventName>(type: K, listener: (ev: CustomEvent<SessionEventDetails[K]>) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * The session: one per page and storage key. Framework-free (an EventTarget), safe to import in
 * Node: nothing touches `window` before `start()`. This class is the public API, the state and
 * its events; storage, tabs, renewal, checks, activity and deadlines live in their own modules.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class SessionController extends EventTarget {
  readonly config: Readonly<Config>;
  #state: SessionState;
  #configErrors: SessionError[];
  #store: SessionStore;
  #tokens: SessionTokens;
  #host: SessionHost;
  /** Loaded (a sibling chunk) only for a session that can refresh: Bknd's only with the sessions plugin. */
  #renewal = chunk(() => import('./renewal.js').then((m): Renewal => new m.Renewal(this.#host)), 'refresh');
  /** Listing and ending the user's sessions: a sibling chunk, loaded on first use (see `session-management.ts`). */
  #management = chunk(() => import('./session-management.js'), 'session management');
  #check: ServerCheck;
  #activity: Activity;
  #timer: Timer;
  #abort = new AbortController();
  #releases: (() => void)[] = [];
  #started?: Promise<void>;
  #disposed = false;
  /** Bumped on every sign-in, sign-out and dispose, so a late answer to an older request is dropped. */
  #epoch = 0;

  constructor(options: SessionOptions = {}) {
    super();
    const { config, errors } = resolveOptions(options);
    this.config = config;
    this.#configErrors = errors;
    this.#state = Object.freeze({ status: 'loading', user: null, expiresAt: null, warning: null, offline: false, reason: null, renewable: renews(config.backend, null) });
    this.#store = new SessionStore(config.storageKey, config.transport, (e) => this.#report(e));
    this.#tokens = new SessionTokens(config);
    // The host's getters get the host as `this`, so they reach the controller by name (arrows cannot be getters).
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    // Modules made once are plain fields of the host; what changes is read through getters.
    const host = (this.#host = {
      config, store: this.#store, tokens: this.#tokens,
      get state() { return self.#state; },
      get disposed() { return self.#disposed; },
      staleGuard: () => this.#staleGuard(),
      supersede: () => (this.#epoch++, this.#staleGuard()),
      set: (patch) => this.#set(patch),
      report: (e) => void this.#report(e),
      context: (signal, strategy) => this.#context(signal, strategy),
      accept: (result, kind) => this.#accept(result, kind),
      adopt: (s, source) => this.#adopt(s, source),
      signOut: (reason, remote) => endSession(host, reason, remote),
      emit: (type, detail, cancelable) => this.#emit(type, detail, cancelable),
      emitLogin: (user, remote, previous) => this.#emitLogin(user, remote, previous),
      renew: (force) => this.#renew(force),
      persist: () => this.#store.write(this.#tokens.with(this.#state.user)),
    } as SessionHost);
    host.timer = this.#timer = new Timer(host);
    host.check = this.#check = new ServerCheck(host);
    host.activity = this.#activity = new Activity(config.idleTimeout, (at) => host.tabs?.post({ t: 'activity', at }));
  }

  get state(): SessionState {
    return this.#state;
  }

  /** Calls `fn` with the current state now and with every new state; returns the unsubscribe. */
  subscribe(fn: (state: SessionState) => void): () => void {
    const listener = (e: Event) => fn((e as CustomEvent<SessionState>).detail);
    this.addEventListener('session-change', listener);
    fn(this.#state);
    return () => this.removeEventListener('session-change', listener);
  }

  /** Loads the stored session, validates it with the server, starts timers and tab sync. Idempotent. */
  start(): Promise<void> {
    return (this.#started ??= this.#start());
  }

  async #start() {
    for (const e of this.#configErrors) this.#report(e);
    this.#tokens.prepare();
    // The refresh module is fetched now, with storage, so it is here before the first refresh (offline too).
    await startSession(this.#host, this.#state.renewable && this.#renewal().catch(() => {}), this.#releases);
  }

  login(credentials: Credentials, options: LoginOptions = {}): Promise<SessionUser | null> {
    return signIn(this.#host, 'login', credentials, options);
  }

  register(credentials: Credentials, options: LoginOptions = {}): Promise<SessionUser | null> {
    return signIn(this.#host, 'register', credentials, options);
  }

  /**
   * Signs out: `local` (default) this browser, in every tab; `global` every session of the user too;
   * `others` every other session of the user, this one stays signed in (its failure is reported).
   * The request is `keepalive`. With cookie transport the session ends here only once the server's
   * answer has cleared the cookie (or it failed), so a page that leaves on `session-logout` cannot
   * undo it; a page that leaves before that leaves a mark, and the next start finishes the sign-out.
   */
  async logout({ scope = 'local' }: { scope?: LogoutScope } = {}): Promise<void> {
    if (!/^(local|others|global)$/.test(scope)) throw this.#report(new SessionError('config', `logout scope "${scope}": use local, others or global`));
    // `others` keeps this session: only a backend that lists sessions can end the others.
    if (scope === 'others') return this.#manage((m) => m.logoutOthers()).catch((e) => { throw this.#report(e); });
    return signOut(this.#host, scope);
  }

  /** The user's server-side sessions, where the backend can list them (Bknd with the sessions plugin); else a `config` error. */
  sessions(): Promise<SessionInfo[]> {
    return this.#manage((m) => m.sessions());
  }

  /** Ends one of the user's other sessions (an id from `sessions()`). */
  revokeSession(id: string): Promise<void> {
    return this.#manage((m) => m.revokeSession(id));
  }

  /** Runs a call of the session management chunk (first use loads it); a chunk that cannot load is a `network` error. */
  #manage<T>(call: (m: Management) => Promise<T>): Promise<T> {
    const ctx = this.#context();
    return this.#management().then((m) => call(m.manage({ SessionError, leaving }, this.config.backend, ctx)));
  }

  /** Refreshes (or renews) the token now; returns whether it did. Without a refresh endpoint it re-validates. */
  async refresh(): Promise<boolean> {
    if (this.#state.status !== 'authenticated') return false;
    if (this.#state.renewable) return this.#renew(true);
    await this.#check.run();
    return false;
  }

  /** "Stay signed in": resets the idle timer in every tab and renews the token where the backend can. */
  async extend(): Promise<boolean> {
    if (this.#state.status !== 'authenticated') return false;
    const now = Date.now();
    this.#activity.extended(now);
    this.#host.tabs?.post({ t: 'extend', at: now });
    const renewed = await this.#renew(true);
    this.#timer.tick();
    return renewed;
  }

  /** fetch with the session's credentials; on 401/403 it refreshes or re-validates once (see `authorizedFetch`). */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    return authorizedFetch(this.#host, input, init);
  }

  /** Releases every timer, listener, channel, lock and request this controller took. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#epoch++;
    this.#timer.clear();
    this.#abort.abort();
    for (const release of this.#releases.splice(0)) release();
  }

  #renew(force: boolean): Promise<boolean> {
    if (!this.#state.renewable) return Promise.resolve(false);
    return this.#renewal().then((r) => r.refresh(force), (e) => (this.#check.failed(e), false));
  }

  #set(patch: Partial<SessionState>) {
    const next = { ...this.#state, ...patch };
    // Every server check returns a new user object; an unchanged one must not re-render the page.
    if (next.user && this.#state.user && JSON.stringify(next.user) === JSON.stringify(this.#state.user)) next.user = this.#state.user;
    if (Object.keys(next).every((k) => Object.is(next[k as keyof SessionState], this.#state[k as keyof SessionState]))) return;
    this.#state = Object.freeze(next);
    this.#emit('session-change', this.#state);
  }

  /** Says whether a sign-in, sign-out or dispose (which bumps the epoch too) came since it was made. */
  #staleGuard() {
    const epoch = this.#epoch;
    return () => epoch !== this.#epoch;
  }

  #emit<K extends SessionEventName>(type: K, detail: SessionEventDetails[K], cancelable = false) {
    this.dispatchEvent(new CustomEvent(type, { detail, cancelable }));
  }

  /** `previous` is named only when a different user was replaced, so pages can drop that user's unsaved state. */
  #emitLogin(user: SessionUser | null, remote: boolean, previous: SessionUser | null) {
    this.#emit('session-login', previous && user && !sameUser(previous, user) ? { user, remote, previous } : { user, remote });
  }

  /** Fires `session-error` (its hint logged once); returns the error (to throw). */
  #report(error: SessionError) {
    warnHint(error);
    this.#emit('session-error', { error });
    return error;
  }

  #context(signal?: AbortSignal, strategy?: string): BackendContext {
    // A revoked session (401 `session_revoked`) ends here, unless the answer is to a request made before a sign-in or sign-out.
    const stale = this.#staleGuard();
    // AbortSignal.any: Safari 17.4, Firefox 124. Before, the caller's signal alone keeps sign-in working:
    // a dispose then only doesn't cancel the request, and its late answer is dropped as stale anyway.
    return this.#tokens.context(signal ? (AbortSignal.any?.([signal, this.#abort.signal]) ?? signal) : this.#abort.signal, strategy, () => {
      if (!stale() && this.#state.status === 'authenticated') this.#host.signOut('revoked');
    });
  }

  /** Whether session `s` renews; a renewable one has the refresh module loaded now, so it is here offline too. */
  #renews(s: StoredSession) {
    const yes = renews(this.config.backend, s.refreshToken);
    if (yes) this.#renewal().catch(() => {});
    return yes;
  }

  /** A fresh login or refresh answer from the server. */
  async #accept(result: AuthResult, kind: 'login' | 'refresh') {
    const s = await this.#tokens.check(result, kind, this.#state.user);
    const stale = this.#staleGuard();
    // Stored before any event (a synchronous storage within this call): a page, or Bknd's `Api`,
    // that reads storage on `session-change` finds the new token.
    await this.#store.write(s);
    // Signed out meanwhile: that sign-out's storage clear may have come before the write ended.
    if (stale()) return void (this.#state.status !== 'authenticated' && (await this.#store.clear()));
    const { status, user: previous } = this.#state;
    this.#tokens.take(s);
    const expiresAt = this.#tokens.toLocal(s.exp);
    this.#set({ status: 'authenticated', user: s.user, expiresAt, reason: null, offline: false, warning: null, renewable: this.#renews(s) });
    this.#check.answered();
    this.#check.refused = null;
    this.#host.tabs?.announce(kind, s);
    if (kind === 'login') this.#emitLogin(s.user, false, status === 'authenticated' ? previous : null);
    else this.#emit('session-refresh', { expiresAt });
    if (status !== 'authenticated') this.#activity.last = Date.now();
    this.#timer.tick();
  }

  /** Takes a stored, handed-over or broadcast session. False (state untouched) when expired or unusable. */
  async #adopt(s: StoredSession, source: AdoptSource): Promise<boolean> {
    const expiresAt = this.#tokens.toLocal(s.exp);
    if (expiresAt !== null && Date.now() >= expiresAt && !(renews(this.config.backend, s.refreshToken) && s.refreshToken)) {
      if (source === 'load') {
        await this.#store.clear();
        this.#set({ status: 'unauthenticated', reason: 'expired' });
      }
      return false;
    }
    if (!(await this.#tokens.trusted(s.token, (e) => this.#report(e)))) return false;
    const { status, user: previous } = this.#state;
    const same = s.token !== null && s.token === this.#tokens.token;
    this.#tokens.take(s);
    if (!same) this.#check.refused = null;
    // A token another tab or writer just got from the server needs no `/me` now; the periodic check follows.
    if (source !== 'load' && !same) this.#check.last = Date.now();
    if (source === 'remote-login' && !same) this.#epoch++;
    if (this.#store.kind === 'session' && source !== 'load') await this.#store.write(s);
    this.#set({ status: 'authenticated', user: s.user, expiresAt, reason: null, warning: null, renewable: this.#renews(s) });
    if (source === 'remote-login' && (status !== 'authenticated' || !same)) this.#emitLogin(s.user, true, status === 'authenticated' ? previous : null);
    if (source === 'remote-refresh' && !same) this.#emit('session-refresh', { expiresAt });
    this.#timer.tick();
    return true;
  }
}
