import { SessionError, isSessionError } from './errors.js';
import { isRevoked, request } from './http.js';
import type { Config } from './options.js';
import type { StoredSession } from './session-store.js';
import { decodeToken, isJwtShaped, userFromClaims } from './token.js';
import type { AuthResult, BackendContext, SessionBackend, SessionUser } from './types.js';

/** A backend with `refresh` renews; one that needs a refresh token for it (Bknd) only while the session has one. */
export const renews = (b: SessionBackend, refreshToken: string | null) => typeof b.refresh === 'function' && (!b.refreshNeedsToken || !!refreshToken);

type Verifier = (token: string, serverNow: number) => Promise<void>;

/** A checked answer: the session, and the token as issued (cookie transport keeps none in `token`). */
type Checked = StoredSession & { issued?: string };

/**
 * The tokens of the current session and how they are trusted and timed: decoding, optional
 * signature checks (`jwks-url`, loaded on demand), the server's clock, opaque tokens' `expiresIn`.
 *
 * The server's clock as seen from here: expiry is judged against it, so a laptop whose clock is
 * minutes off neither signs out early nor keeps a dead token. Samples come from a fresh token's
 * `iat` and from the HTTP `Date` header; both have one-second resolution, so differences under
 * two seconds are treated as no skew.
 */
export class SessionTokens {
  token: string | null = null;
  refreshToken: string | null = null;
  /** Server seconds. */
  exp: number | null = null;
  iat?: number;
  /** The token the backend's linked client (Bknd's `Api`) was last told of or heard from. */
  linked: string | null = null;
  /** Token lifetime in ms (exp - iat), where known: a refresh never comes before half of it. */
  lifetime = Infinity;
  /** Server time minus local time, in ms. */
  skew = 0;
  #verifier?: Promise<Verifier>;
  #config: Readonly<Config>;

  constructor(config: Readonly<Config>) {
    this.#config = config;
  }

  /** Starts loading the verifier (a separate chunk) when `jwks-url` is set. */
  prepare() {
    const { jwksUrl, issuer, audience } = this.#config;
    if (jwksUrl) this.#verifier = import('./verify.js').then((m) => m.createVerifier({ SessionError }, jwksUrl, issuer, audience));
  }

  /** `exp` (server seconds) in this machine's milliseconds. */
  toLocal(exp: number | null) {
    return exp === null ? null : exp * 1000 - this.skew;
  }

  /** A server time in ms (NaN for none); see the class comment. */
  #sample(serverMs: number) {
    if (!Number.isFinite(serverMs)) return;
    const s = serverMs - Date.now();
    this.skew = Math.abs(s) < 2000 ? 0 : s;
  }

  /** Whether a stored or broadcast token passes the signature check (always, without `jwks-url`). */
  async trusted(token: string | null, report: (e: SessionError) => void) {
    if (!token || !isJwtShaped(token) || !this.#verifier) return true;
    try {
      await (await this.#verifier)(token, Date.now() + this.skew);
      return true;
    } catch (e) {
      report(isSessionError(e) ? e : new SessionError('invalid-token', String(e)));
      return false;
    }
  }

  /**
   * Checks and times a fresh login or refresh answer; throws a typed error for a token that is
   * not acceptable. Does not take it: see `take`.
   */
  async check(result: AuthResult, kind: 'login' | 'refresh', current: SessionUser | null): Promise<Checked> {
    if (!result || typeof result !== 'object') throw new SessionError('server', 'The backend returned no result');
    const { token, expiresIn } = result;
    const header = this.#config.transport === 'header';
    let exp: number | null = null;
    let iat: number | undefined;
    let user = result.user ?? null;
    if (typeof token === 'string' && token && !isJwtShaped(token) && Number.isFinite(expiresIn) && expiresIn! > 0) {
      // An opaque token: timed by the server's expiresIn, described by the backend's user.
      iat = Math.floor((Date.now() + this.skew) / 1000);
      exp = iat + expiresIn!;
      if (kind === 'refresh') user ??= current;
    } else if (header || token) {
      const decoded = decodeToken(token);
      // A token issued just now tells us the server's clock (cross-origin `Date` headers are hidden).
      if (decoded.iat) this.#sample(decoded.iat * 1000);
      if (this.#verifier) await (await this.#verifier)(token!, Date.now() + this.skew);
      ({ exp, iat } = decoded);
      user ??= kind === 'refresh' ? current : userFromClaims(decoded.payload);
    }
    const refreshToken = result.refreshToken !== undefined || kind === 'login' ? (result.refreshToken ?? null) : this.refreshToken;
    return { token: header ? token! : null, refreshToken, user, exp, iat, issued: token };
  }

  /**
   * Takes a session as current. The linked client (Bknd's `Api`) follows at once, before any
   * event: with cookie transport only a token just issued (none is kept here) or a sign-out.
   */
  take(s: Checked) {
    ({ token: this.token, refreshToken: this.refreshToken, exp: this.exp, iat: this.iat } = s);
    this.lifetime = s.iat && s.exp ? (s.exp - s.iat) * 1000 : Infinity;
    const token = s.issued ?? s.token;
    if (token !== this.linked && (token || !s.user || this.#config.transport === 'header')) {
      this.linked = token; // first: the client's own callback runs inside `set`, and must find it here
      this.#config.backend.link?.set(token);
    }
  }

  clear() {
    this.take({ token: null, refreshToken: null, user: null, exp: null });
  }

  /** The session to store or hand over, with the user the state shows. */
  with(user: SessionUser | null): StoredSession {
    return { token: this.token, refreshToken: this.refreshToken, user, exp: this.exp, iat: this.iat };
  }

  /**
   * What a backend call gets: the current tokens, and fetch with timeout, typed errors and clock
   * sampling. `revoked` is called when the server answers 401 `session_revoked` (signed out on
   * another device, by an admin).
   */
  context(signal: AbortSignal, strategy: string | undefined, revoked: () => void): BackendContext {
    return {
      token: this.token,
      refreshToken: this.refreshToken,
      transport: this.#config.transport,
      strategy: strategy ?? this.#config.strategy,
      signal,
      request: async (url, init) => {
        const res = await request(url, init ?? {}, this.#config.requestTimeout, signal);
        this.#sample(Date.parse(res.headers.get('date') ?? ''));
        if (isRevoked(res.status, res.data)) revoked();
        return res;
      },
    };
  }
}
