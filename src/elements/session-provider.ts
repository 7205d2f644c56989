import { ContextProvider } from '@lit/context';
import { LitElement, html, type PropertyValues } from 'lit';
import { sessionControllerContext, sessionStateContext } from '../context.js';
import { SessionController } from '../core/controller.js';
import { createBackend } from '../core/create-backend.js';
import { SessionError } from '../core/errors.js';
import { PROVIDER_OPTIONS, SECONDS } from '../core/options.js';
import type {
  Credentials, LoginOptions, LogoutScope, SessionBackend, SessionEventName, SessionOptions, SessionState, SessionStatus, SessionUser,
  StorageAdapter, StorageKind, Transport,
} from '../core/types.js';
import { configError, emit, props, safeUrl, showState } from './shared.js';
import { contents } from './shared.styles.js';
import { unsupported } from './support.js';

const EVENTS: SessionEventName[] = ['session-change', 'session-login', 'session-logout', 'session-expiring', 'session-refresh', 'session-error'];
const STATUSES: SessionStatus[] = ['loading', 'authenticated', 'unauthenticated'];

/**
 * Seconds from an attribute: absent is "use the default"; anything not a number reaches the controller, which reports it.
 * Attribute to property only (a function converter): none of these properties reflects.
 */
const seconds = (v: string | null) => (v === null ? undefined : v.trim() === '' ? NaN : Number(v));

/**
 * Owns one `SessionController`, configured from its attributes, and provides it and its state
 * to every descendant through the context protocol.
 *
 * @summary The session of everything inside it: configure it here, read it anywhere below.
 *
 * @slot - The page content that uses the session.
 *
 * @fires session-change - `detail`: the new `SessionState`, on any change.
 * @fires session-login - `detail`: `{ user, remote, previous? }`, signed in here or in another tab; `previous` is the
 *   user that a sign-in as someone else replaced (drop that user's unsaved state).
 * @fires session-logout - `detail`: `{ reason, remote }`, signed out (`logout`, `expired`, `idle`, `invalid`, `revoked`: the server ended the session).
 * @fires session-expiring - `detail`: `{ kind, endsAt }`; cancelable: `preventDefault()` suppresses the built-in warning.
 * @fires session-refresh - `detail`: `{ expiresAt }`, token refreshed or renewed.
 * @fires session-error - `detail`: `{ error }`, a `SessionError`: `message` plain for the person, `hint` the cause and fix
 *   for the developer (logged once with `console.warn`), and a `code` (`config` for bad attributes;
 *   `invalid-credentials`, `account-exists`, `wrong-user`, `cookie-blocked`, `network`, `timeout`, `server`,
 *   `invalid-token`, `storage-unavailable`). A `<login-form>` attempt reports its failure as the form's
 *   `login-error` instead: one event per failure.
 *
 * @cssstate loading - The first check is still running.
 * @cssstate authenticated - Signed in.
 * @cssstate unauthenticated - Signed out.
 */
export class SessionProvider extends LitElement {
  static override styles = contents;

  // One property per option the controller takes from the provider; the ones in seconds through `seconds`.
  static override properties = props(PROVIDER_OPTIONS, Object.fromEntries(SECONDS.map((name) => [name, { converter: seconds }])));

  /** Base URL of the auth server; empty is this page's origin.
   * @attr host */
  host = '';
  /** `bknd`, `refresh` or `oidc`; set the property to a custom backend object (`login`, `me`, `logout`, optional `refresh`, `register`).
   * @attr backend */
  backend: string | SessionBackend = 'bknd';
  /** Auth strategy used by `login` (Bknd: `password`).
   * @attr strategy */
  strategy = 'password';
  /** `local`, `session` or `memory`; the property also takes a storage adapter (`getItem`, `setItem`, `removeItem`).
   * @attr storage */
  storage: StorageKind | StorageAdapter = 'local';
  /** `header` (Authorization: Bearer) or `cookie` (httpOnly cookie, no token in JS-readable storage).
   * @attr transport */
  transport: Transport = 'header';
  /** Storage key; `auth` is shared with Bknd's own `Api` client.
   * @attr storage-key */
  storageKey = 'auth';
  /** Seconds before token expiry to refresh or renew (default 60).
   * @attr refresh-before */
  refreshBefore?: number;
  /** Seconds between server re-validations, `0` = off (default 300).
   * @attr check-interval */
  checkInterval?: number;
  /** Seconds of inactivity across all tabs before sign-out, `0` = off (default 0).
   * @attr idle-timeout */
  idleTimeout?: number;
  /** Seconds of warning before an expiry or idle sign-out (default 60); an expiry warning takes at most a third of the token's lifetime.
   * @attr warn-before */
  warnBefore?: number;
  /** Same-origin URL where guards and the expiry warning send a user who must sign in.
   * @attr login-url */
  loginUrl?: string;
  /** JWKS URL to verify token signatures with (asymmetric algorithms only).
   * @attr jwks-url */
  jwksUrl?: string;
  /** `backend="oidc"`: the OpenID Connect issuer (discovery). Otherwise the expected `iss` when verifying with `jwks-url`.
   * @attr issuer */
  issuer?: string;
  /** Expected `aud` when verifying.
   * @attr audience */
  audience?: string;
  /** `backend="oidc"`: the public client's id.
   * @attr client-id */
  clientId?: string;
  /** `backend="oidc"`: scopes to ask for (default `openid profile email offline_access`).
   * @attr scope */
  scope?: string;
  /** `backend="oidc"`: the registered redirect URI (default: this page).
   * @attr redirect-uri */
  redirectUri?: string;
  /** Space-separated origins besides `host`'s that `controller.fetch` sends credentials to; others get a plain request.
   * @attr fetch-origins */
  fetchOrigins?: string;

  readonly #internals = this.attachInternals?.(); // missing below the floor: see support.ts
  readonly #controllerProvider = new ContextProvider(this, { context: sessionControllerContext });
  readonly #stateProvider = new ContextProvider(this, { context: sessionStateContext });
  #controller?: SessionController;
  #inputs: unknown[] = [];
  #off: (() => void)[] = [];

  /** The `SessionController` in use; a new one after any configuration change. */
  get controller(): SessionController | undefined {
    return this.#controller;
  }

  /** The current immutable `SessionState` snapshot. */
  get state(): SessionState | undefined {
    return this.#controller?.state;
  }

  /** The signed-in user, or null. */
  get user(): SessionUser | null {
    return this.state?.user ?? null;
  }

  /** `loading`, `authenticated` or `unauthenticated` (also reflected as the `status` attribute). */
  get status(): SessionStatus {
    return this.state?.status ?? 'loading';
  }

  /** Signs in (Bknd: `{ email, password }`); resolves with the user, rejects with a `SessionError`. */
  login(credentials: Credentials, options?: LoginOptions) {
    return this.#require().login(credentials, options);
  }

  /** Creates an account and signs in. */
  register(credentials: Credentials, options?: LoginOptions) {
    return this.#require().register(credentials, options);
  }

  /** Signs out here and in every tab; `scope`: `local` (default), `others` (this session stays) or `global`. */
  logout(options?: { scope?: LogoutScope }) {
    return this.#require().logout(options);
  }

  /** Refreshes (or re-validates) the token now; resolves with whether a new token was obtained. */
  refresh() {
    return this.#require().refresh();
  }

  /** "Stay signed in": resets the idle timer in every tab and renews the token where the backend can. */
  extend() {
    return this.#require().extend();
  }

  override connectedCallback() {
    super.connectedCallback();
    // At once rather than at the first update: descendants connecting right after us get a controller.
    this.#configure();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.#teardown();
    this.#inputs = [];
  }

  protected override updated(changed: PropertyValues) {
    super.updated(changed);
    if (this.isConnected && this.#options().some((v, i) => !Object.is(v, this.#inputs[i]))) this.#configure();
  }

  protected override render() {
    return html`<slot></slot>`;
  }

  #require() {
    if (!this.#controller) throw unsupported || new SessionError('config', '<session-provider> is not connected to a document yet');
    return this.#controller;
  }

  #options() {
    return PROVIDER_OPTIONS.map((name) => this[name]);
  }

  /** These string options, '' (and null, a removed attribute) as undefined. */
  #set<K extends 'issuer' | 'clientId' | 'scope' | 'redirectUri' | 'jwksUrl' | 'audience'>(names: K[]) {
    return Object.fromEntries(names.map((name) => [name, this[name] || undefined])) as { [P in K]?: string };
  }

  #configure() {
    this.#teardown();
    this.#inputs = this.#options();
    // Below the floor no controller starts: guards show their fallback (they read only `status`).
    if (unsupported) return this.#show({ status: 'unauthenticated' } as SessionState);
    // A removed attribute is null: that means "the default", which the controller fills in for undefined.
    const host = this.host ?? '';
    let backend: SessionBackend | null = null;
    if (typeof this.backend === 'object' && this.backend) backend = this.backend;
    else {
      const oidcOptions = this.#set(['issuer', 'clientId', 'scope', 'redirectUri']);
      try {
        backend = createBackend(this.backend ?? 'bknd', host, this.backend === 'oidc' ? oidcOptions : undefined);
        if (!backend) configError(this, `backend must be "bknd", "refresh" or "oidc"; got "${this.backend}". Using "bknd"`);
      } catch (e) {
        configError(this, `${(e as SessionError).hint ?? e}. Using "bknd"`);
      }
      backend ??= createBackend('bknd', host)!;
    }
    // An off-origin login page is ignored (a `config` error): no open redirects.
    const loginUrl = this.loginUrl && safeUrl(this, this.loginUrl, 'login-url') ? this.loginUrl : undefined;
    const options: SessionOptions = { backend, loginUrl, ...this.#set(['jwksUrl', 'issuer', 'audience']) };
    for (const name of ['strategy', 'storage', 'transport', 'storageKey', 'fetchOrigins', ...SECONDS] as const) (options as Record<string, unknown>)[name] = this[name] ?? undefined;
    const controller = (this.#controller = new SessionController(options));
    for (const type of EVENTS) {
      const relay = (e: Event) => {
        const ours = emit(this, type, (e as CustomEvent).detail, e.cancelable);
        if (ours.defaultPrevented) e.preventDefault();
      };
      controller.addEventListener(type, relay);
      this.#off.push(() => controller.removeEventListener(type, relay));
    }
    this.#controllerProvider.setValue(controller);
    this.#off.push(controller.subscribe((state) => this.#show(state)));
    void controller.start();
  }

  #show(state: SessionState) {
    this.#stateProvider.setValue(state);
    this.setAttribute('status', state.status);
    showState(this.#internals, STATUSES, state.status);
  }

  #teardown() {
    for (const off of this.#off.splice(0)) off();
    this.#controller?.dispose();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'session-provider': SessionProvider;
  }
}
