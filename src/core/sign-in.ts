import { SessionError, isSessionError, warnHint } from './errors.js';
import { decodeToken, sameUser, userFromClaims } from './token.js';
import type { SessionHost } from './session-host.js';
import type { AuthResult, BackendContext, Credentials, LoginOptions, SessionBackend, SessionUser } from './types.js';

const COOKIE_BLOCKED =
  'The browser did not keep the session cookie (a blocked third-party cookie: page and server are different sites). ' +
  'Serve both from one site, set Bknd auth.cookie { partitioned: true, sameSite: "none", secure: true }, or use transport="header"';

/**
 * `login()` and `register()`: supersedes whatever was in flight (its late answer is dropped), then
 * takes the answer as the session. Failures are reported as `session-error` unless `silent`.
 * An answer refused after the server started its session (a token this library cannot use, another
 * account, a cookie the browser did not keep, a sign-out meanwhile) signs that session out again.
 */
export async function signIn(host: SessionHost, action: 'login' | 'register', credentials: Credentials, options: LoginOptions) {
  try {
    const { backend } = host.config;
    // Checked before anything starts: bad credentials, or a backend without register, are `config` errors.
    if (!credentials || typeof credentials !== 'object') throw new SessionError('config', `${action} needs credentials`);
    if (!backend[action]) throw new SessionError('config', 'This backend has no register');
    const stale = host.supersede();
    const ctx = host.context(options.signal, options.strategy);
    const result = await backend[action]!(credentials, ctx);
    try {
      if (stale()) throw new DOMException('Superseded by a newer sign-in or sign-out', 'AbortError');
      if (options.expectUser) refuseOtherUser(result, options.expectUser);
      await host.accept(await confirmCookie(backend, result, ctx), 'login');
    } catch (e) {
      // A newer sign-in that already holds the session keeps it: ending this one could end that one too (one cookie).
      if (!stale() || host.state.status !== 'authenticated')
        void Promise.resolve().then(() => backend.logout({ ...ctx, token: result?.token ?? null, refreshToken: result?.refreshToken ?? null })).catch(() => {});
      throw isSessionError(e) ? signedOutAgain(e) : e;
    }
    return host.state.user;
  } catch (e) {
    if (isSessionError(e)) {
      if (options.silent) warnHint(e);
      else host.report(e);
    }
    throw e;
  }
}

/** The same error, telling the developer the server's new session was signed out (an account made stays). */
const signedOutAgain = (e: SessionError) =>
  new SessionError(e.code, e.message, e.status, { cause: e, hint: `${e.hint ?? e.message} (the server's new session was signed out)` });

/** A sign-in the page came back with (an OAuth redirect), or null. Failures are typed errors. */
export async function resumeSignIn(backend: SessionBackend, ctx: BackendContext): Promise<AuthResult | null> {
  if (!backend.resume) return null;
  try {
    const result = await backend.resume(ctx);
    return result && (await confirmCookie(backend, result, ctx));
  } catch (e) {
    throw isSessionError(e) ? e : new SessionError('config', `The backend's resume failed: ${(e as Error)?.message ?? e}`, undefined, { cause: e });
  }
}

/**
 * Cookie transport: a sign-in counts only once the browser shows it kept the cookie, by one `/me`
 * with credentials; a blocked third-party cookie would otherwise look signed in until the next request.
 */
async function confirmCookie(backend: SessionBackend, result: AuthResult, ctx: BackendContext): Promise<AuthResult> {
  if (ctx.transport !== 'cookie') return result;
  const user = await backend.me(ctx);
  if (!user) throw new SessionError('cookie-blocked', COOKIE_BLOCKED);
  return { ...result, user };
}

/**
 * Re-authentication (`expectUser`): a sign-in as another account (its user, else its token's claims)
 * is refused before anything changes here. The server already started that account's session (Bknd
 * set its cookie): `signIn` ends it, with its own tokens, never the current user's.
 */
function refuseOtherUser(result: AuthResult, expected: SessionUser) {
  let got: SessionUser | null = null;
  try {
    got = result?.user ?? (result?.token ? userFromClaims(decodeToken(result.token).payload) : null);
  } catch {
    // Not a JWT and no user: who it is cannot be told, so it is not the expected user.
  }
  if (got && sameUser(expected, got)) return;
  throw new SessionError('wrong-user', `Signed in as another account. Sign in as ${expected.email ?? expected.id}, or sign out first.`);
}
