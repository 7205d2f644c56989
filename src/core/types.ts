import type { SessionErrorCode, SessionError } from './errors.js';

/** The signed-in user as the server describes it (Bknd: `{ id, email, role }`). */
export interface SessionUser {
  id?: string | number;
  email?: string;
  role?: string;
  [field: string]: unknown;
}

export type SessionStatus = 'loading' | 'authenticated' | 'unauthenticated';
export type LogoutReason = 'logout' | 'expired' | 'idle' | 'invalid' | 'revoked';
/** `local`: this browser; `others`: every other session of the user; `global`: all of them, this one too. */
export type LogoutScope = 'local' | 'others' | 'global';
export type WarningKind = 'expiry' | 'idle';

export interface SessionWarning {
  readonly kind: WarningKind;
  /** When the session ends, in this machine's `Date.now()` milliseconds. */
  readonly endsAt: number;
}

/** An immutable snapshot: a new object on every change. */
export interface SessionState {
  readonly status: SessionStatus;
  readonly user: SessionUser | null;
  /** Token expiry in this machine's `Date.now()` milliseconds (server clock skew removed), or null. */
  readonly expiresAt: number | null;
  readonly warning: SessionWarning | null;
  /** The server could not be reached on the last try; the session is kept while its token is valid. */
  readonly offline: boolean;
  /** Why the last sign-out happened. */
  readonly reason: LogoutReason | null;
  /** Whether `extend()` can push the token expiry out (false for Bknd's hard `exp`). */
  readonly renewable: boolean;
}

export interface Credentials {
  email: string;
  password: string;
  [field: string]: unknown;
}

export interface LoginOptions {
  strategy?: string;
  signal?: AbortSignal;
  /** Re-authentication: only this account may sign in; another is refused (`wrong-user`) and the session stays as it was. */
  expectUser?: SessionUser | null;
  /** The caller reports a failure itself (`<login-form>`'s `login-error`): no `session-error` for it. */
  silent?: boolean;
}

/** What a backend returns from login, register and refresh. */
export interface AuthResult {
  token?: string;
  refreshToken?: string;
  user?: SessionUser | null;
  /** Seconds the access token lives: times an opaque (non-JWT) token; a JWT's own `exp` wins. */
  expiresIn?: number;
}

export type Transport = 'header' | 'cookie';

/** Handed to every backend call. */
export interface BackendContext {
  token: string | null;
  refreshToken: string | null;
  transport: Transport;
  signal: AbortSignal;
  strategy: string;
  /** fetch with the controller's timeout, typed errors and server-clock sampling. */
  request(url: string, init?: RequestInit): Promise<HttpResult>;
}

export interface HttpResult {
  status: number;
  ok: boolean;
  /** Parsed JSON body; a text/plain body as a string; null when the body was empty or other text (HTML). */
  data: any;
  headers: Headers;
}

/** A backend is a plain object; `refresh` and `register` are optional. */
export interface SessionBackend {
  /** Base URL of the auth server ('' or absent: the page's origin): `controller.fetch` resolves relative URLs against it and sends credentials to its origin. */
  host?: string;
  login(credentials: Credentials, ctx: BackendContext): Promise<AuthResult>;
  register?(credentials: Credentials, ctx: BackendContext): Promise<AuthResult>;
  /** The current user, or null when the server says the session is not valid. */
  me(ctx: BackendContext): Promise<SessionUser | null>;
  logout(ctx: BackendContext, options?: { scope?: LogoutScope }): Promise<void>;
  refresh?(ctx: BackendContext): Promise<AuthResult>;
  /**
   * `refresh` works only for a session whose sign-in brought a refresh token (or word of a refresh
   * cookie): Bknd renews only with the `session-elements/bknd` plugin. Without one the session is
   * not renewable and `refresh` is never called.
   */
  refreshNeedsToken?: boolean;
  /** The user's server-side sessions, where the server keeps them (the `session-elements/bknd` plugin). */
  sessions?(ctx: BackendContext): Promise<SessionInfo[]>;
  /** Ends one of the user's other sessions. */
  revokeSession?(id: string, ctx: BackendContext): Promise<void>;
  /**
   * Called by `start()` before storage is read, e.g. to finish an OAuth redirect the page came
   * back from. A result is taken as a fresh sign-in; null means nothing to resume.
   */
  resume?(ctx: BackendContext): Promise<AuthResult | null>;
  /** Another client of the same session in this page (Bknd's `Api`: `bknd({ host, api })`), kept in step both ways. */
  link?: BackendLink;
}

/**
 * The session's other client in the page. `set` gets every token change here (sign-in, refresh,
 * a session taken from storage or another tab, sign-out: null) before any event fires; `watch`
 * hears that client's own sign-ins and sign-outs (its token, or null) and returns the release.
 */
export interface BackendLink {
  set(token: string | null): unknown;
  watch(on: (token: string | null) => void): () => unknown;
}

/** One server-side session of the user (`GET /api/auth/sessions`); times in epoch milliseconds. */
export interface SessionInfo {
  id: string;
  /** The session this browser is using. */
  current: boolean;
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number | null;
  /** A short label such as "Firefox on Windows", parsed on the server from the User-Agent. */
  device: string;
}

/** A storage adapter, sync or async (Bknd's `Api` takes the same shape). */
export interface StorageAdapter {
  getItem(key: string): string | null | Promise<string | null>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

export type StorageKind = 'local' | 'session' | 'memory';

export interface SessionOptions {
  backend?: SessionBackend;
  storage?: StorageKind | StorageAdapter;
  transport?: Transport;
  storageKey?: string;
  strategy?: string;
  /** Seconds before token expiry to refresh or renew. */
  refreshBefore?: number;
  /** Seconds between server re-validations; 0 turns them off. */
  checkInterval?: number;
  /** Seconds of inactivity across all tabs before sign-out; 0 turns it off. */
  idleTimeout?: number;
  /** Seconds of warning before an expiry or idle sign-out; an expiry warning takes at most a third of the token's lifetime. */
  warnBefore?: number;
  /** Milliseconds before a request is given up with a `timeout` error. */
  requestTimeout?: number;
  /**
   * Space-separated origins (`https://api.example.com`) besides the auth server's that
   * `controller.fetch` sends credentials to (the bearer token, or the cookie); other origins get a plain request.
   */
  fetchOrigins?: string;
  loginUrl?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export interface SessionEventDetails {
  'session-change': SessionState;
  /** `previous`: the user this sign-in replaced, when it was a different one (unsaved state may belong to them). */
  'session-login': { user: SessionUser | null; remote: boolean; previous?: SessionUser };
  'session-logout': { reason: LogoutReason; remote: boolean };
  'session-expiring': { kind: WarningKind; endsAt: number };
  'session-refresh': { expiresAt: number | null };
  'session-error': { error: SessionError & { code: SessionErrorCode } };
}
export type SessionEventName = keyof SessionEventDetails;
