import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Kit } from './kit.js';

/**
 * Signature verification, loaded with a dynamic import only when `jwks-url` is configured.
 * Only asymmetric algorithms are accepted: an HMAC secret never belongs in a browser. The
 * `SessionError` class comes from the loader (see `kit.ts`).
 */
export function createVerifier({ SessionError }: Pick<Kit, 'SessionError'>, jwksUrl: string, issuer?: string, audience?: string) {
  const keys = createRemoteJWKSet(new URL(jwksUrl, globalThis.location?.href));
  // `serverNow` keeps jose's own exp check on the server's clock, like the rest of the library.
  return async (token: string, serverNow: number) => {
    try {
      await jwtVerify(token, keys, {
        issuer: issuer || undefined,
        audience: audience || undefined,
        currentDate: new Date(serverNow),
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
      });
    } catch (e) {
      throw new SessionError('invalid-token', `Invalid token: signature check failed (${(e as Error).message}); check jwks-url, issuer and audience`, undefined, { cause: e });
    }
  };
}
