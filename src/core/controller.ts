import { ServerClock } from './clock.js';
import { SessionError, isSessionError } from './errors.js';
import { request } from './http.js';
import { openStorage } from './storage.js';
import { TabChannel, type TabMessage } from './tab-sync.js';
import { TabLock } from './tab-lock.js';
import { decodeToken, userFromClaims } from './token.js';
import { bknd } from './backends/bknd.js';
import type {
  AuthResult, BackendContext, Credentials, LoginOptions, LogoutReason, SessionBackend,
  SessionEventDetails, SessionEventName, SessionOptions, SessionState, SessionUser,
  StorageAdapter, StorageKind,
} from './types.js';

type Config = Required<Omit<SessionOptions, 'loginUrl' | 'jwksUrl' | 'issuer' | 'audience' | 'backend'>> &
  Pick<SessionOptions, 'loginUrl' | 'jwksUrl' | 'issuer' | 'audience'> & { backend: SessionBackend };

const SECONDS = ['refreshBefore', 'checkInterval', 'idleTimeout', 'warnBefore'] as const;
const DEFAULTS = {
  storage: 'local', transport: 'header', storageKey: 'auth', strategy: 'password',
  refreshBefore: 60, checkInterval: 300, idleTimeout: 0, warnBefore: 60, requestTimeout: 10_000,
} as const;

/** How long a new `storage="session"` tab waits for another tab to hand it the session. */
const HANDOFF_WAIT = 300;
/** The longest a timer is set for: a backstop for timers that a sleeping machine delays. */
const MAX_WAIT = 30_000;
const MAX_BACKOFF = 60_000;
/** How long a tab keeps the refresh lock after rotating, so the new token reaches the other tabs first. */
const SETTLE = 100;
/** How often this tab looks for same-tab writes of the key by others (Bknd's `Api`, DevTools): no event reports those. */
const STORAGE_POLL = 500;
/** A removed token waits this long for our own tabs' `logout` message, which carries the real reason. */
const REMOVAL_GRACE = 200;
const COOKIE_BLOCKED =
  'Signed in, but the browser did not keep the session cookie (typically a third-party cookie blocked: the page and the server are different sites). ' +
  'Serve both from one site, or set Bknd auth.cookie { partitioned: true, sameSite: "none", secure: true }, or use transport="header"';

interface Stored {
  token: string | null;
  refreshToken: string | null;
  user: SessionUser | null;
  exp: number | null;
  iat?: number;
}

/** A JWT has three dot-separated parts; anything else is an opaque token, timed by `expiresIn`. */
const isJwtShaped = (token: string) => token.split('.').length === 3;

/** Compares by `id`, else by `email`: a new object for the same person is not a different user. */
const sameUser = (a: SessionUser, b: SessionUser) => (a.id != null || b.id != null ? a.id === b.id : a.email === b.email);

/** Typed listeners for the controller's events. */
export interface SessionController {
  addEventListener<K extends SessionEventName>(type: K, listener: (ev: CustomEvent<SessionEventDetails[K]>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends SessionEventName>(type: K, listener: (ev: CustomEvent<SessionEventDetails[K]>) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * The session: one per page and storage key. Framework-free (an EventTarget), safe to import in
 * Node: nothing touches `window` before `start()`.
 */
export class SessionController extends EventTarget {
  readonly config: Readonly<Config>;
  #state: SessionState = Object.freeze({ status: 'loading', user: null, expiresAt: null, warning: null, offline: false, reason: null, renewable: false });
  #configErrors: SessionError[] = [];
  #store: StorageAdapter | null = null;
  #storageKind: StorageKind | 'custom' = 'memory';
  #token: string | null = null;
  #refreshToken: string | null = null;
  #exp: number | null = null;
  #iat?: number;
  /** Token lifetime in ms (exp - iat), where known: a refresh never comes before half of it. */
  #lifetime = Infinity;
  #clock = new ServerClock();
  #channel?: TabChannel;
  #lock?: TabLock;
  #leader = false;
  #abort = new AbortController();
  #cleanups: (() => void)[] = [];
  #timer?: ReturnType<typeof setTimeout>;
  #poll?: ReturnType<typeof setInterval>;
  #started?: Promise<void>;
  #disposed = false;
  /** Bumped on every sign-in and sign-out, so a late answer to an older request is dropped. */
  #epoch = 0;
  #lastActivity = 0;
  #activityPosted = 0;
  #lastCheck = 0;
  #retryAt = 0;
  #retries = 0;
  #checking?: Promise<void>;
  #refreshing?: Promise<boolean>;
  #handoff?: (m: Extract<TabMessage, { t: 'handoff' }>) => void;
  #verify?: Promise<(token: string, serverNow: number) => Promise<void>>;
  /** The raw token string last read or written here; a different one in storage was written by someone else. */
  #storedRaw: string | null = null;
  #following?: Promise<void>;
  /** A refresh answer that is a setup problem, not a dead token: reported once, retried with backoff. */
  #renewalError: SessionError | null = null;

  constructor(options: SessionOptions = {}) {
    super();
    const c: Record<string, unknown> = { ...DEFAULTS };
    for (const [k, v] of Object.entries(options)) if (v !== undefined) c[k] = v;
    for (const k of [...SECONDS, 'requestTimeout'] as const) {
      const v = c[k];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (k === 'requestTimeout' && v === 0)) {
        this.#configError(`${k} must be a number of ${k === 'requestTimeout' ? 'milliseconds above 0' : 'seconds, 0 or more'}; got ${String(v)}`);
        c[k] = DEFAULTS[k];
      }
    }
    if (typeof c.storage === 'string' && !['local', 'session', 'memory'].includes(c.storage)) {
      this.#configError(`storage must be "local", "session" or "memory"; got "${c.storage}"`);
      c.storage = DEFAULTS.storage;
    } else if (typeof c.storage !== 'string' && !isStorageAdapter(c.storage)) {
      this.#configError('a custom storage must have getItem, setItem and removeItem');
      c.storage = DEFAULTS.storage;
    }
    if (!['header', 'cookie'].includes(c.transport as string)) {
      this.#configError(`transport must be "header" or "cookie"; got "${String(c.transport)}"`);
      c.transport = DEFAULTS.transport;
    }
    if (typeof c.storageKey !== 'string' || !c.storageKey) {
      this.#configError('storageKey must be a non-empty string');
      c.storageKey = DEFAULTS.storageKey;
    }
    if (!isBackend(c.backend)) {
      if (c.backend !== undefined) this.#configError('backend must be an object with login, me and logout functions');
      c.backend = bknd();
    }
    this.config = Object.freeze(c as Config);
    this.#state = Object.freeze({ ...this.#state, renewable: typeof this.config.backend.refresh === 'function' });
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
    const { storageKey: key } = this.config;
    for (const e of this.#configErrors) this.#emitError(e);
    if (this.config.jwksUrl) this.#verify = import('./verify.js').then((m) => m.createVerifier(this.config.jwksUrl!, this.config.issuer, this.config.audience));
    const opened = await openStorage(this.config.storage, key);
    if (this.#disposed) return;
    this.#store = opened.store;
    this.#storageKind = opened.kind;
    if (opened.error) this.#emitError(opened.error);
    this.#listen();
    this.#lastActivity = Date.now();

    if (await this.#resume()) {
      // A finished redirect sign-in is fresher than anything stored.
    } else if (this.#disposed) return;
    else await this.#load();
    this.#electLeader();
    this.#schedule();
  }

  /** Lets the backend finish a sign-in the page came back with (an OAuth redirect). */
  async #resume() {
    const backend = this.config.backend;
    if (!backend.resume) return false;
    const ctx = this.#ctx();
    try {
      const result = await backend.resume(ctx);
      if (!result || this.#disposed) return false;
      await this.#accept(await this.#confirmCookie(result, ctx), 'login');
      return true;
    } catch (e) {
      if (!this.#disposed) this.#emitError(isSessionError(e) ? e : new SessionError('config', `The backend's resume failed: ${(e as Error)?.message ?? e}`, undefined, { cause: e }));
      return false;
    }
  }

  async #load() {
    const stored = await this.#readStored();
    if (this.#disposed) return;
    if (stored && (await this.#adopt(stored, 'load'))) {
      // Shown at once; the server's word comes behind it.
      await this.#check();
    } else if (this.#state.status !== 'authenticated') {
      const handed = this.#storageKind === 'session' && this.#channel ? await this.#askHandoff() : false;
      if (!handed && this.config.transport === 'cookie' && !stored) await this.#check(); // an httpOnly cookie may exist already
      else if (!handed) this.#set({ status: 'unauthenticated' });
    }
  }

  async login(credentials: Credentials, options: LoginOptions = {}): Promise<SessionUser | null> {
    return this.#authenticate('login', credentials, options);
  }

  async register(credentials: Credentials, options: LoginOptions = {}): Promise<SessionUser | null> {
    return this.#authenticate('register', credentials, options);
  }

  async #authenticate(action: 'login' | 'register', credentials: Credentials, options: LoginOptions) {
    try {
      if (!credentials || typeof credentials !== 'object') throw new SessionError('config', `${action} needs credentials`);
      const backend = this.config.backend;
      const call = action === 'login' ? backend.login : backend.register;
      if (!call) throw new SessionError('config', 'This backend has no register');
      const epoch = ++this.#epoch;
      const ctx = this.#ctx(options.signal, options.strategy);
      const stale = () => {
        if (epoch !== this.#epoch || this.#disposed) throw new DOMException('Superseded by a newer sign-in or sign-out', 'AbortError');
      };
      const result = await call.call(backend, credentials, ctx);
      stale();
      const confirmed = await this.#confirmCookie(result, ctx);
      stale();
      await this.#accept(confirmed, 'login');
      return this.#state.user;
    } catch (e) {
      if (isSessionError(e)) this.#emitError(e);
      throw e;
    }
  }

  /**
   * Cookie transport: a sign-in counts only once the browser shows it kept the cookie, by one `/me`
   * with credentials; a blocked third-party cookie would otherwise look signed in until the next request.
   */
  async #confirmCookie(result: AuthResult, ctx: BackendContext): Promise<AuthResult> {
    if (this.config.transport !== 'cookie') return result;
    const user = await this.config.backend.me(ctx);
    if (!user) throw new SessionError('cookie-blocked', COOKIE_BLOCKED);
    return { ...result, user };
  }

  /** Signs out here and in every tab; tells the server (best effort). */
  async logout(): Promise<void> {
    const ctx = this.#ctx();
    this.#signOut('logout');
    try {
      await this.config.backend.logout(ctx);
    } catch {
      // The local sign-out already happened; a server that cannot be reached keeps nothing we need.
    }
  }

  /** Refreshes (or renews) the token now; returns whether it did. Without a refresh endpoint it re-validates. */
  async refresh(): Promise<boolean> {
    if (this.#state.status !== 'authenticated') return false;
    if (!this.#state.renewable) {
      await this.#check();
      return false;
    }
    return this.#refresh(true);
  }

  /** "Stay signed in": resets the idle timer in every tab and renews the token where the backend can. */
  async extend(): Promise<boolean> {
    if (this.#state.status !== 'authenticated') return false;
    this.#lastActivity = this.#activityPosted = Date.now();
    this.#channel?.post({ t: 'extend', at: this.#lastActivity });
    const renewed = this.#state.renewable ? await this.#refresh(true) : false;
    this.#tick();
    return renewed;
  }

  /**
   * fetch with the session's credentials. On 401/403 it refreshes or re-validates once, retries
   * where a new token was obtained, and signs out with reason `invalid` if the server disowns the
   * session. A 403 for a session the server still accepts is returned as is (a permission matter).
   */
  async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const base = new Request(input, init);
    const send = () => {
      const req = new Request(base.clone(), this.config.transport === 'cookie' ? { credentials: 'include' } : {});
      if (this.config.transport === 'header' && this.#token) req.headers.set('authorization', `Bearer ${this.#token}`);
      return fetch(req);
    };
    const res = await send();
    if ((res.status !== 401 && res.status !== 403) || this.#state.status !== 'authenticated') return res;
    if (this.#state.renewable && (await this.#refresh(true))) return send();
    await this.#check();
    return res;
  }

  /** Releases every timer, listener, channel, lock and request this controller took. */
  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#epoch++;
    clearTimeout(this.#timer);
    clearInterval(this.#poll);
    this.#abort.abort();
    for (const off of this.#cleanups.splice(0)) off();
    this.#channel?.close();
    this.#lock?.release();
  }

  // ---- state ----

  #set(patch: Partial<SessionState>) {
    const next = { ...this.#state, ...patch };
    // Every server check returns a new user object; an unchanged one must not re-render the page.
    if (next.user && this.#state.user && JSON.stringify(next.user) === JSON.stringify(this.#state.user)) next.user = this.#state.user;
    if (Object.keys(next).every((k) => Object.is(next[k as keyof SessionState], this.#state[k as keyof SessionState]))) return;
    this.#state = Object.freeze(next);
    this.#emit('session-change', this.#state);
  }

  #emit<K extends SessionEventName>(type: K, detail: SessionEventDetails[K], cancelable = false) {
    const e = new CustomEvent(type, { detail, cancelable });
    this.dispatchEvent(e);
    return e;
  }

  /** `previous` is named only when a different user was replaced, so pages can drop that user's unsaved state. */
  #emitLogin(user: SessionUser | null, remote: boolean, previous: SessionUser | null) {
    this.#emit('session-login', previous && user && !sameUser(previous, user) ? { user, remote, previous } : { user, remote });
  }

  #emitError(error: SessionError) {
    this.#emit('session-error', { error });
  }

  #configError(message: string) {
    this.#configErrors.push(new SessionError('config', message));
  }

  // ---- tokens and storage ----

  #key(suffix = '') {
    return this.config.storageKey + suffix;
  }

  /** What the storage holds, or null. A value that is not a session is removed with `invalid-token`. */
  async #readStored(): Promise<Stored | null> {
    const store = this.#store;
    if (!store) return null;
    try {
      if (this.config.transport === 'cookie') {
        const raw = await store.getItem(this.#key(':hint'));
        if (raw == null) return null;
        const hint = parseHint(raw);
        if (!hint) return this.#discard(new SessionError('invalid-token', 'Stored session hint is not valid; removed'));
        return { token: null, refreshToken: null, user: hint.user, exp: hint.exp };
      }
      const token = await store.getItem(this.#key());
      this.#storedRaw = token;
      if (token == null) return null;
      const refreshToken = await store.getItem(this.#key(':refresh'));
      const meta = isJwtShaped(token) ? null : parseMeta(await store.getItem(this.#key(':meta')));
      if (meta) return { token, refreshToken, ...meta };
      let decoded;
      try {
        decoded = decodeToken(token);
      } catch (e) {
        return this.#discard(e as SessionError);
      }
      return { token, refreshToken, user: userFromClaims(decoded.payload), exp: decoded.exp, iat: decoded.iat };
    } catch (e) {
      this.#emitError(new SessionError('storage-unavailable', `Could not read storage: ${(e as Error)?.message ?? e}`, undefined, { cause: e }));
      return null;
    }
  }

  async #discard(error: SessionError) {
    this.#emitError(new SessionError(error.code, `${error.message} (found in storage under "${this.config.storageKey}"; removed)`));
    await this.#clearStored();
    return null;
  }

  async #writeStored() {
    const store = this.#store;
    if (!store) return;
    try {
      if (this.config.transport === 'cookie') {
        // No token here: the cookie carries it. Only what the UI needs to render at once.
        await store.setItem(this.#key(':hint'), JSON.stringify({ user: this.#state.user, exp: this.#exp }));
        return;
      }
      // Refresh token first: other tabs see writes in order, so a new access token implies its refresh token.
      if (this.#refreshToken) await store.setItem(this.#key(':refresh'), this.#refreshToken);
      else await store.removeItem(this.#key(':refresh'));
      // An opaque token says nothing about itself: its expiry and user are kept beside it.
      if (this.#token && !isJwtShaped(this.#token)) await store.setItem(this.#key(':meta'), JSON.stringify({ user: this.#state.user, exp: this.#exp, iat: this.#iat }));
      else await store.removeItem(this.#key(':meta'));
      this.#storedRaw = this.#token;
      if (this.#token) await store.setItem(this.#key(), this.#token);
    } catch (e) {
      this.#emitError(new SessionError('storage-unavailable', `Could not write storage (${(e as Error)?.message ?? e}); the session is kept in memory`, undefined, { cause: e }));
    }
  }

  async #clearStored() {
    const store = this.#store;
    if (!store) return;
    this.#storedRaw = null;
    // All at once: a synchronous storage is clean before this returns.
    await Promise.all(['', ':refresh', ':hint', ':meta'].map(async (k) => {
      try {
        await store.removeItem(this.#key(k));
      } catch {
        // A storage that cannot remove cannot hold our session either.
      }
    }));
  }

  /**
   * Takes a stored, handed-over or broadcast session into this tab. Returns false (and leaves the
   * state alone) when it is expired or unusable.
   */
  async #adopt(s: Stored, source: 'load' | 'remote-login' | 'remote-refresh'): Promise<boolean> {
    const now = Date.now();
    const expiresAt = s.exp === null ? null : this.#clock.toLocal(s.exp);
    if (expiresAt !== null && now >= expiresAt && !(this.#state.renewable && s.refreshToken)) {
      if (source === 'load') {
        await this.#clearStored();
        this.#set({ status: 'unauthenticated', reason: 'expired' });
      }
      return false;
    }
    if (s.token && isJwtShaped(s.token) && this.#verify && !(await this.#verified(s.token))) return false;
    const wasIn = this.#state.status === 'authenticated';
    const previous = this.#state.user;
    const same = s.token !== null && s.token === this.#token;
    this.#token = s.token;
    this.#refreshToken = s.refreshToken;
    this.#exp = s.exp;
    this.#iat = s.iat;
    this.#lifetime = s.iat && s.exp ? (s.exp - s.iat) * 1000 : Infinity;
    if (!same) this.#renewalError = null;
    if (source === 'remote-login' && !same) this.#epoch++;
    if (this.#storageKind === 'session' && source !== 'load') await this.#writeStored();
    this.#set({ status: 'authenticated', user: s.user, expiresAt, reason: null, warning: null });
    if (source === 'remote-login' && (!wasIn || !same)) this.#emitLogin(s.user, true, wasIn ? previous : null);
    if (source === 'remote-refresh' && !same) this.#emit('session-refresh', { expiresAt });
    this.#tick();
    return true;
  }

  async #verified(token: string) {
    try {
      const verify = await this.#verify!;
      await verify(token, Date.now() + this.#clock.skew);
      return true;
    } catch (e) {
      this.#emitError(isSessionError(e) ? e : new SessionError('invalid-token', String(e)));
      return false;
    }
  }

  /** A fresh login or refresh result from the server. */
  async #accept(result: AuthResult, kind: 'login' | 'refresh') {
    if (!result || typeof result !== 'object') throw new SessionError('server', 'The backend returned no result');
    let exp: number | null = null;
    let iat: number | undefined;
    let user = result.user ?? null;
    const { token, expiresIn } = result;
    if (typeof token === 'string' && token && !isJwtShaped(token) && typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0) {
      // An opaque token: timed by the server's expiresIn, described by the backend's user.
      iat = Math.floor((Date.now() + this.#clock.skew) / 1000);
      exp = iat + expiresIn;
      this.#lifetime = expiresIn * 1000;
      user ??= kind === 'refresh' ? this.#state.user : null;
    } else if (this.config.transport === 'header' || token) {
      const decoded = decodeToken(token);
      if (this.#verify) {
        const verify = await this.#verify;
        if (decoded.iat) this.#clock.sample(decoded.iat * 1000);
        await verify(result.token!, Date.now() + this.#clock.skew);
      }
      // A token issued just now tells us the server's clock (cross-origin `Date` headers are hidden).
      if (decoded.iat) this.#clock.sample(decoded.iat * 1000);
      exp = decoded.exp;
      iat = decoded.iat;
      this.#lifetime = decoded.iat ? (decoded.exp - decoded.iat) * 1000 : Infinity;
      user ??= kind === 'refresh' ? this.#state.user : userFromClaims(decoded.payload);
    }
    this.#token = this.config.transport === 'header' ? result.token! : null;
    if (result.refreshToken !== undefined || kind === 'login') this.#refreshToken = result.refreshToken ?? null;
    this.#exp = exp;
    this.#iat = iat;
    const expiresAt = exp === null ? null : this.#clock.toLocal(exp);
    const wasIn = this.#state.status === 'authenticated';
    const previous = this.#state.user;
    this.#set({ status: 'authenticated', user, expiresAt, reason: null, offline: false, warning: null });
    this.#retries = 0;
    this.#renewalError = null;
    this.#lastCheck = Date.now();
    await this.#writeStored();
    const carry = this.#storageKind === 'session' ? { token: this.#token ?? undefined, refreshToken: this.#refreshToken ?? undefined } : { fp: fingerprint(this.#token) };
    this.#channel?.post({ t: kind, user, exp, ...carry });
    if (kind === 'login') this.#emitLogin(user, false, wasIn ? previous : null);
    else this.#emit('session-refresh', { expiresAt });
    if (!wasIn) this.#lastActivity = Date.now();
    this.#tick();
  }

  #signOut(reason: LogoutReason, remote = false) {
    const wasIn = this.#state.status === 'authenticated';
    this.#epoch++;
    this.#token = this.#refreshToken = this.#exp = this.#renewalError = null;
    // A remote tab already cleared shared storage; per-tab copies (session storage) are ours to clear.
    if (!remote || this.#storageKind === 'session') void this.#clearStored();
    if (!remote && wasIn) this.#channel?.post({ t: 'logout', reason });
    this.#set({ status: 'unauthenticated', user: null, expiresAt: null, warning: null, offline: false, reason });
    if (wasIn) this.#emit('session-logout', { reason, remote });
    this.#schedule();
  }

  // ---- server checks, refresh, failures ----

  #ctx(signal?: AbortSignal, strategy?: string): BackendContext {
    const signals = signal ? AbortSignal.any([signal, this.#abort.signal]) : this.#abort.signal;
    return {
      token: this.#token,
      refreshToken: this.#refreshToken,
      transport: this.config.transport,
      strategy: strategy ?? this.config.strategy,
      signal: signals,
      request: async (url, init) => {
        const res = await request(url, init ?? {}, this.config.requestTimeout, signals);
        this.#clock.sampleDateHeader(res.headers);
        return res;
      },
    };
  }

  /** Asks the server whether the session is still good. Concurrent calls share one request. */
  #check(): Promise<void> {
    return (this.#checking ??= (async () => {
      const epoch = this.#epoch;
      const wasIn = this.#state.status === 'authenticated';
      try {
        const user = await this.config.backend.me(this.#ctx());
        if (epoch !== this.#epoch || this.#disposed) return;
        this.#lastCheck = Date.now();
        this.#retries = 0;
        if (user) {
          if (!wasIn) {
            // Signed in by an httpOnly cookie we had no hint of.
            this.#set({ status: 'authenticated', user, offline: false, reason: null });
            await this.#writeStored();
            this.#emit('session-login', { user, remote: false });
          } else this.#set({ user, offline: false });
          this.#channel?.post({ t: 'checked', at: this.#lastCheck, user });
        } else if (wasIn) {
          // An expired access token: a refresh decides (it signs out itself if the refresh token is dead,
          // and keeps the session offline if the server cannot be reached).
          if (this.#state.renewable && (this.#refreshToken || this.config.transport === 'cookie')) await this.#refresh(true);
          else this.#signOut('invalid');
        } else this.#set({ status: 'unauthenticated', offline: false });
      } catch (e) {
        if (epoch === this.#epoch && !this.#disposed) this.#failed(e);
      } finally {
        this.#checking = undefined;
        this.#schedule();
      }
    })());
  }

  /**
   * Refreshes under the cross-tab mutex. Inside it the stored session is read again: if another
   * tab already refreshed (rotating the refresh token), its result is taken instead of spending a
   * token that is no longer valid.
   */
  #refresh(force: boolean): Promise<boolean> {
    if (!this.config.backend.refresh || !this.#lock || this.#disposed) return Promise.resolve(false);
    return (this.#refreshing ??= (async () => {
      const epoch = this.#epoch;
      const before = this.#refreshToken;
      try {
        return await this.#lock!.exclusive(async () => {
          if (this.#refreshToken !== before || (await this.#takeNewer(before))) return true;
          if (!this.#due() && !force) return false;
          const result = await this.config.backend.refresh!(this.#ctx());
          if (epoch !== this.#epoch || this.#disposed) return false;
          await this.#accept(result, 'refresh');
          // Hold the lock a moment: Chromium delivers localStorage writes to other tabs
          // asynchronously, and the next tab in line must see the rotated token, not spend the old one.
          if (this.#lock!.available) await new Promise((r) => setTimeout(r, SETTLE));
          return true;
        });
      } catch (e) {
        if (epoch !== this.#epoch || this.#disposed) return false;
        if (isSessionError(e) && e.code === 'invalid-token') {
          // Rejected: unless another tab rotated it meanwhile, the refresh token is dead.
          if (await this.#takeNewer(before, true)) return true;
          this.#emitError(e);
          this.#signOut('invalid');
        } else if (isSessionError(e) && e.code === 'config') {
          // The server refuses the request itself (wrong path or encoding): report it once, keep the
          // session while the access token lasts, and try again later in case it gets fixed.
          if (!this.#renewalError) this.#emitError(e);
          this.#renewalError = e;
          this.#retryAt = Date.now() + this.#backoff();
          this.#schedule();
        } else this.#failed(e);
        return false;
      } finally {
        this.#refreshing = undefined;
      }
    })());
  }

  /** Adopts a session another tab stored since `spent` was our refresh token; true if it did. */
  async #takeNewer(spent: string | null, wait = false) {
    for (let i = 0; ; i++) {
      if (this.#refreshToken !== spent) return true;
      if (this.#storageKind === 'local' || this.#storageKind === 'custom') {
        const s = await this.#readStored();
        // Another tab's rotation: a different token whose refresh token is not the one we spent.
        if (s && s.token !== this.#token && s.refreshToken !== spent && s.exp !== null && (this.#exp === null || s.exp >= this.#exp))
          return this.#adopt(s, 'remote-refresh');
      }
      // After a rejection, give another tab's rotation up to a second to arrive before giving up.
      if (!wait || i >= 20 || this.#disposed) return false;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** How long before expiry to refresh: `refresh-before`, but never before half the token's life. */
  #lead() {
    return Math.min(this.config.refreshBefore * 1000, this.#lifetime / 2);
  }

  #due() {
    const at = this.#state.expiresAt;
    return at !== null && Date.now() >= at - this.#lead();
  }

  /** When this tab refreshes: followers wait a little longer, so the leader's result usually arrives first. */
  #refreshAt() {
    const at = this.#state.expiresAt;
    if (!this.#state.renewable || at === null) return null;
    return at - this.#lead() + (this.#leader ? 0 : Math.min(10_000, this.#lead() / 4));
  }

  /** Network failures, timeouts and 5xx keep the session (while its token is valid) and retry with backoff. */
  #failed(e: unknown) {
    if (!isSessionError(e)) return;
    if (e.code === 'network' || e.code === 'timeout' || e.code === 'server') {
      if (!this.#state.offline) this.#emitError(e);
      this.#retryAt = Date.now() + this.#backoff();
      if (this.#state.status === 'loading') this.#set({ status: 'unauthenticated', offline: true });
      else this.#set({ offline: true });
    } else this.#emitError(e);
    this.#schedule();
  }

  #backoff() {
    return Math.min(MAX_BACKOFF, 1000 * 2 ** this.#retries++) * (0.8 + Math.random() * 0.4);
  }

  // ---- time ----

  #idleEnd() {
    return this.config.idleTimeout ? this.#lastActivity + this.config.idleTimeout * 1000 : null;
  }

  /** When the expiry warning opens: for renewable sessions only if renewal has not happened by then. */
  #warnWindow() {
    const w = this.config.warnBefore * 1000;
    return this.#state.renewable ? Math.min(w, this.#lead() / 2) : w;
  }

  /** Re-evaluates everything from absolute times; safe to call at any moment, any number of times. */
  #tick() {
    if (this.#disposed) return;
    const s = this.#state;
    const now = Date.now();
    if (s.status === 'authenticated') {
      const idleEnd = this.#idleEnd();
      if (idleEnd !== null && now >= idleEnd) return this.#signOut('idle'), void this.#serverLogout();
      if (s.expiresAt !== null && now >= s.expiresAt && !(s.renewable && !this.#renewalError && (this.#refreshToken || this.config.transport === 'cookie'))) return this.#signOut('expired');
      let warning: SessionState['warning'] = null;
      if (idleEnd !== null && now >= idleEnd - this.config.warnBefore * 1000) warning = { kind: 'idle', endsAt: idleEnd };
      if (s.expiresAt !== null && now >= s.expiresAt - this.#warnWindow() && (!warning || s.expiresAt < warning.endsAt))
        warning = { kind: 'expiry', endsAt: s.expiresAt };
      if (warning?.kind !== s.warning?.kind || warning?.endsAt !== s.warning?.endsAt) {
        this.#set({ warning });
        if (warning) this.#emit('session-expiring', { ...warning }, true);
      }
      const refreshAt = this.#refreshAt();
      if (refreshAt !== null && now >= refreshAt && (!this.#renewalError || now >= this.#retryAt)) void this.#refresh(false);
      const interval = this.config.checkInterval * 1000;
      if (this.#leader && interval && now >= this.#lastCheck + interval && !s.offline) void this.#check();
    }
    if (this.#state.offline && now >= this.#retryAt) {
      if (this.#state.renewable && this.#due()) void this.#refresh(false);
      else void this.#check();
    }
    this.#schedule();
  }

  /** Idle sign-out tells the server once: the leader does it (every tab signs out locally anyway). */
  async #serverLogout() {
    if (this.#leader) await this.config.backend.logout(this.#ctx()).catch(() => {});
  }

  #schedule() {
    clearTimeout(this.#timer);
    if (this.#disposed) return;
    const s = this.#state;
    const now = Date.now();
    const at: number[] = [];
    if (s.status === 'authenticated') {
      const idleEnd = this.#idleEnd();
      if (idleEnd !== null) at.push(idleEnd - this.config.warnBefore * 1000, idleEnd);
      if (s.expiresAt !== null) {
        at.push(s.expiresAt - this.#warnWindow(), s.expiresAt);
        const refreshAt = this.#refreshAt();
        if (refreshAt !== null) at.push(refreshAt);
      }
      if (this.#leader && this.config.checkInterval) at.push(this.#lastCheck + this.config.checkInterval * 1000);
    }
    if (s.offline || this.#renewalError) at.push(this.#retryAt);
    const next = Math.min(...at.filter((t) => t > now), now + MAX_WAIT);
    if (at.length || s.status === 'authenticated') this.#timer = setTimeout(() => this.#tick(), next - now);
  }

  // ---- tabs, activity, page lifecycle ----

  #electLeader() {
    this.#lock!.lead(() => {
      if (this.#disposed) return;
      this.#leader = true;
      this.#tick();
    });
  }

  #listen() {
    const key = this.config.storageKey;
    const on = (target: EventTarget | undefined, type: string, fn: (e: Event) => void, opts?: AddEventListenerOptions) => {
      if (!target?.addEventListener) return;
      target.addEventListener(type, fn, opts);
      this.#cleanups.push(() => target.removeEventListener(type, fn, opts));
    };
    const win = typeof window === 'undefined' ? undefined : window;
    const doc = typeof document === 'undefined' ? undefined : document;
    this.#lock = new TabLock(`session-elements:${key}`);
    if (this.#storageKind !== 'memory') this.#channel = new TabChannel(`session-elements:${key}`, (m) => void this.#onMessage(m));
    // Throttled or frozen tabs and slept machines skip timers: re-read storage and re-evaluate on return.
    const wake = () => void this.#wake();
    for (const type of ['focus', 'pageshow']) on(win, type, wake);
    on(doc, 'visibilitychange', () => doc!.visibilityState === 'visible' && wake());
    on(doc, 'resume', wake);
    on(win, 'online', () => {
      this.#retryAt = 0;
      wake();
    });
    if (this.#storageKind === 'local' && this.config.transport === 'header') {
      // Other writers of the key (Bknd's Api, DevTools) are followed live: other tabs' writes by
      // `storage` events, this tab's by comparing the raw string while the page is visible.
      on(win, 'storage', (e) => {
        const k = (e as StorageEvent).key;
        if (k === null || k === key) void this.#follow();
      });
      this.#poll = setInterval(() => {
        if (doc?.visibilityState !== 'visible' || this.#state.status === 'loading') return;
        let raw: string | null;
        try {
          raw = localStorage.getItem(key);
        } catch {
          return;
        }
        if (raw !== this.#storedRaw) void this.#follow();
      }, STORAGE_POLL);
    }
    if (this.config.idleTimeout) {
      const onActivity = () => this.#activity();
      for (const type of ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'])
        on(win, type, onActivity, { passive: true, capture: true });
    }
  }

  async #wake() {
    if (this.#disposed || this.#state.status === 'loading') return;
    if (this.#storageKind === 'local' || this.#storageKind === 'custom') await this.#follow(false);
    this.#tick();
  }

  /**
   * Takes what another writer stored: a removed token signs out (no server call: whoever removed
   * it did that), a different one is adopted without a `/me` (the periodic check covers it).
   * Adopting the token we already hold changes nothing, so our own tabs' messages are not handled twice.
   */
  #follow(grace = true): Promise<void> {
    return (this.#following ??= (async () => {
      try {
        let s = await this.#readStored();
        if (!s && grace && this.#state.status === 'authenticated') {
          // Our own tabs announce a sign-out with its reason; let that message win the race.
          await new Promise((r) => setTimeout(r, REMOVAL_GRACE));
          s = await this.#readStored();
        }
        if (this.#disposed || this.#state.status === 'loading') return;
        if (!s) {
          if (this.#state.status === 'authenticated' && this.config.transport === 'header') this.#signOut('logout', true);
        } else if (s.token !== this.#token) {
          const user = this.#state.user;
          const sameSession = this.#state.status === 'authenticated' && (!user || !s.user || sameUser(user, s.user));
          await this.#adopt(s, sameSession ? 'remote-refresh' : 'remote-login');
        }
      } finally {
        this.#following = undefined;
      }
    })());
  }

  #activity() {
    // While the idle warning is open only "Stay signed in" counts, so keys used inside the dialog don't close it.
    if (this.#state.warning?.kind === 'idle' || this.#state.status !== 'authenticated') return;
    const now = Date.now();
    this.#lastActivity = now;
    const every = Math.max(1000, Math.min(30_000, this.config.idleTimeout * 100));
    if (now - this.#activityPosted >= every) {
      this.#activityPosted = now;
      this.#channel?.post({ t: 'activity', at: now });
    }
  }

  async #onMessage(m: TabMessage) {
    if (this.#disposed) return;
    switch (m.t) {
      case 'login':
      case 'refresh': {
        const shared = this.#storageKind === 'local' || this.#storageKind === 'custom';
        const s = shared && this.config.transport === 'header' ? await this.#readStoredMatching(m.fp) : { token: m.token ?? null, refreshToken: m.refreshToken ?? null, user: m.user, exp: m.exp };
        if (s && m.user) s.user = m.user; // the server's user object, as the signing-in tab has it
        if (s && (s.token || this.config.transport === 'cookie')) await this.#adopt(s, m.t === 'login' ? 'remote-login' : 'remote-refresh');
        break;
      }
      case 'logout':
        if (this.#state.status === 'authenticated') this.#signOut(m.reason, true);
        break;
      case 'extend':
      case 'activity':
        this.#lastActivity = Math.max(this.#lastActivity, m.at);
        if (m.t === 'extend') this.#tick();
        break;
      case 'checked':
        this.#lastCheck = Math.max(this.#lastCheck, m.at);
        if (this.#state.status === 'authenticated' && m.user) this.#set({ user: m.user, offline: false });
        this.#schedule();
        break;
      case 'hello':
        if (this.#storageKind === 'session' && this.#state.status === 'authenticated')
          this.#channel?.post({ t: 'handoff', user: this.#state.user, exp: this.#exp, token: this.#token ?? undefined, refreshToken: this.#refreshToken ?? undefined });
        break;
      case 'handoff':
        this.#handoff?.(m);
        break;
    }
  }

  /**
   * Reads the stored session another tab just announced. Chromium hands localStorage writes to
   * other tabs' processes asynchronously, so the message can arrive first: wait (briefly) for it.
   */
  async #readStoredMatching(fp: string | undefined) {
    let s: Stored | null = null;
    for (let i = 0; i < 40 && !this.#disposed; i++) {
      s = await this.#readStored();
      if (fingerprint(s?.token) === fp) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    return s;
  }

  /** `storage="session"`: a new tab asks the open ones for the session. */
  #askHandoff(): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), HANDOFF_WAIT);
      const done = async (m: Extract<TabMessage, { t: 'handoff' }> | null) => {
        clearTimeout(timer);
        this.#handoff = undefined;
        let ok = false;
        if (m && !this.#disposed) {
          const s = { token: m.token ?? null, refreshToken: m.refreshToken ?? null, user: m.user, exp: m.exp };
          ok = (s.token !== null || this.config.transport === 'cookie') && (await this.#adopt(s, 'load'));
          if (ok) await this.#writeStored();
        }
        resolve(ok);
      };
      this.#handoff = (m) => void done(m);
      this.#channel!.post({ t: 'hello' });
    });
  }
}

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

/** The expiry and user stored beside an opaque token. */
function parseMeta(raw: string | null): { user: SessionUser | null; exp: number; iat?: number } | null {
  const m = raw == null ? null : parseHint(raw);
  return m && m.exp !== null ? { user: m.user, exp: m.exp, iat: typeof m.iat === 'number' ? m.iat : undefined } : null;
}

function parseHint(raw: string): { user: SessionUser | null; exp: number | null; iat?: unknown } | null {
  try {
    const h = JSON.parse(raw);
    if (!h || typeof h !== 'object' || !h.user || typeof h.user !== 'object') return null;
    if (h.exp !== null && (typeof h.exp !== 'number' || !Number.isFinite(h.exp))) return null;
    return { user: h.user, exp: h.exp, iat: h.iat };
  } catch {
    return null;
  }
}

const isStorageAdapter = (s: unknown): s is StorageAdapter =>
  !!s && typeof s === 'object' && ['getItem', 'setItem', 'removeItem'].every((k) => typeof (s as Record<string, unknown>)[k] === 'function');

const isBackend = (b: unknown): b is SessionBackend =>
  !!b && typeof b === 'object' && ['login', 'me', 'logout'].every((k) => typeof (b as Record<string, unknown>)[k] === 'function');

