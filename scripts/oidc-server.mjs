// A real OAuth 2.0 / OpenID Connect server for tests and benchmarks: panva's oidc-provider on
// loopback, with a public client (code + PKCE S256), rotating refresh tokens whose reuse revokes
// the grant (oidc-provider's own reuse detection), short access tokens, opaque or JWT access
// tokens, RFC 7009 revocation, RP-initiated logout, and its built-in login/consent pages.
//
//   import { startOidcServer } from './scripts/oidc-server.mjs';
//   const op = await startOidcServer({ redirectUris: ['http://127.0.0.1:8000/'], accessTtl: 4 });
//   op.issuer; op.counters; await op.stop();
//
// Run directly (`node scripts/oidc-server.mjs http://127.0.0.1:8000/`) it prints its issuer and
// serves until Ctrl-C.
import { createServer } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

/** The account behind a login name: the dev login page accepts any name and password. */
const account = (id) => ({ sub: id, email: id, email_verified: true, name: id.split('@')[0] });

/**
 * @param {object} [o]
 * @param {string[]} [o.redirectUris] redirect URIs of the public client `session-elements`
 * @param {string[]} [o.postLogoutRedirectUris]
 * @param {number} [o.accessTtl] access token lifetime in seconds
 * @param {'opaque'|'jwt'} [o.accessTokenFormat]
 * @param {object[]} [o.clients] more clients (e.g. Bknd's confidential one)
 * @param {number} [o.port] 0 picks a free port
 * @param {(server: import('node:http').Server) => void} [o.listen] use another server (TLS)
 */
export async function startOidcServer(o = {}) {
  const { accessTtl = 60, accessTokenFormat = 'opaque', redirectUris = [], postLogoutRedirectUris = redirectUris } = o;
  let handler;
  const server = o.server ?? createServer();
  server.on('request', (req, res) => handler(req, res));
  await new Promise((r) => server.listen(o.port ?? 0, '127.0.0.1', r));
  const scheme = server.cert || typeof server.setSecureContext === 'function' ? 'https' : 'http';
  const issuer = `${scheme}://${o.hostname ?? '127.0.0.1'}:${server.address().port}`;
  const origins = new Set([...redirectUris, ...(o.origins ?? [])].map((u) => new URL(u).origin));

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
  const api = 'urn:session-elements:api';

  const counters = { tokenRequests: 0, codeGrants: 0, refreshGrants: 0, refreshErrors: 0, grantsRevoked: 0, revocations: 0, userinfo: 0, errors: [] };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'session-elements',
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        post_logout_redirect_uris: postLogoutRedirectUris,
      },
      ...(o.clients ?? []),
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['session-elements-test-cookie-key'] },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    // A browser client refreshes directly with the token endpoint: answer its origin.
    clientBasedCORS: (ctx, origin) => origins.has(origin),
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (ctx, id) => ({ accountId: id, claims: () => account(id) }),
    ttl: {
      AccessToken: accessTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 24 * 3600,
      Grant: 24 * 3600,
      Interaction: 600,
      Session: 24 * 3600,
    },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // JWT access tokens are for a resource server (an `aud`); without one they are opaque.
        defaultResource: () => (accessTokenFormat === 'jwt' ? api : undefined),
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'openid profile email offline_access', audience: api, accessTokenFormat: 'jwt', accessTokenTTL: accessTtl, jwt: { sign: { alg: 'RS256' } } }),
      },
    },
  });
  provider.proxy = true;

  provider.on('grant.success', (ctx) => {
    const type = ctx.oidc.params?.grant_type;
    if (type === 'refresh_token') counters.refreshGrants++;
    if (type === 'authorization_code') counters.codeGrants++;
  });
  provider.on('grant.error', (ctx, err) => {
    if (ctx.oidc?.params?.grant_type === 'refresh_token') counters.refreshErrors++;
    counters.errors.push(`${err.error}: ${err.error_description}`);
  });
  provider.on('grant.revoked', () => counters.grantsRevoked++);
  provider.on('server_error', (ctx, err) => counters.errors.push(`server_error: ${err.message}`));
  provider.use(async (ctx, next) => {
    if (ctx.method === 'POST' && ctx.path === '/token') counters.tokenRequests++;
    if (ctx.method === 'POST' && ctx.path === '/token/revocation') counters.revocations++;
    if (ctx.path === '/me') counters.userinfo++;
    await next();
  });

  handler = provider.callback();
  return {
    issuer,
    port: server.address().port,
    provider,
    counters,
    /** Zeroes the counters (between benchmark phases). */
    reset() {
      Object.assign(counters, { tokenRequests: 0, codeGrants: 0, refreshGrants: 0, refreshErrors: 0, grantsRevoked: 0, revocations: 0, userinfo: 0, errors: [] });
    },
    stop: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

/**
 * Signs in through oidc-provider's own login and consent pages, in a playwright page that is on
 * (or about to be redirected to) the login page. Any password works on the dev pages.
 */
export async function signInOnProviderPages(page, { login = 'user@example.com', password = 'any-password' } = {}) {
  await page.waitForSelector('input[name="login"]');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  // The consent page follows (offline_access asks for it); it may be skipped when already given.
  if (await page.$('form[autocomplete="off"] button[type="submit"]').then((b) => b && page.url().includes('/interaction/'))) {
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const redirectUris = process.argv.slice(2);
  const op = await startOidcServer({ redirectUris: redirectUris.length ? redirectUris : ['http://127.0.0.1:8000/'], accessTtl: Number(process.env.ACCESS_TTL ?? 60), accessTokenFormat: process.env.ACCESS_TOKEN_FORMAT ?? 'opaque' });
  console.log(`oidc-provider at ${op.issuer} (client_id session-elements)`);
  process.on('SIGINT', () => op.stop().then(() => process.exit(0)));
}
