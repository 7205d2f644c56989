// Token material, with Web Crypto and jose only (Node, Bun, Deno and Workers alike).
// - Refresh tokens are opaque: `<sid>.<secret>`, 128-bit session id + 256 random bits, base64url.
//   Only SHA-256 hashes are stored. The successor of a token is `<sid>.<HMAC(rotationKey, token)>`,
//   so a replay inside the grace window yields the same successor without storing it.
// - Access tokens are JWTs signed with Bknd's own `auth.jwt` secret and alg, so Bknd accepts them.
import { SignJWT, jwtVerify, decodeJwt, type JWTPayload } from 'jose';

const enc = new TextEncoder();

export function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const randomId = (bytes: number): string => b64url(crypto.getRandomValues(new Uint8Array(bytes)));

export async function sha256(text: string): Promise<string> {
  return b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(text))));
}

const hmacKey = (secret: string, usages: KeyUsage[]) =>
  crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, usages);

/** A refresh token is exactly this; anything else (a JWT included) is not one. */
const REFRESH = /^([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{43}$/;

/** The session id of a well-formed refresh token, else null. */
export const refreshSid = (token: unknown): string | null =>
  typeof token === 'string' ? (REFRESH.exec(token)?.[1] ?? null) : null;

export interface AccessClaims extends JWTPayload {
  sid?: string;
}

export interface JwtConfig {
  secret: string;
  alg: 'HS256' | 'HS384' | 'HS512';
  issuer?: string;
  fields: string[];
}

export interface TokenKit {
  newSession(): { sid: string; refresh: string };
  /** The successor of a refresh token and the hashes the store compares. */
  successor(token: string): Promise<{ next: string; presentedHash: string; nextHash: string }>;
  sign(claims: Record<string, unknown>, sid: string, nowMs: number, ttl: number): Promise<string>;
  /** Signature, alg, issuer, exp/nbf (with skew) and iat not beyond `skew` ahead; null if any fails. */
  verify(token: string, nowMs: number): Promise<AccessClaims | null>;
  /** The claims of a token signed by us, expired or not (logout of an expired token). */
  verifySignatureOnly(token: string): Promise<AccessClaims | null>;
  /** The JWT inside Bknd's signed `auth` cookie (Hono's signed-cookie format), else null. */
  authCookie(cookieHeader: string | null): Promise<string | null>;
}

export async function tokenKit(jwt: JwtConfig, skew: number): Promise<TokenKit> {
  const secret = enc.encode(jwt.secret);
  // A separate key for rotation: knowing a refresh token never helps to forge a JWT, and back.
  const rotation = await hmacKey(`${jwt.secret}\u0000session-elements/refresh`, ['sign']);
  const cookieKey = await hmacKey(jwt.secret, ['verify']);
  const verifyAt = async (token: string, nowMs: number, tolerance: number) => {
    const { payload } = await jwtVerify<AccessClaims>(token, secret, {
      algorithms: [jwt.alg],
      clockTolerance: tolerance,
      currentDate: new Date(nowMs),
      ...(jwt.issuer ? { issuer: jwt.issuer } : {}),
    });
    return payload;
  };
  return {
    newSession() {
      const sid = randomId(16);
      return { sid, refresh: `${sid}.${randomId(32)}` };
    },
    async successor(token) {
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', rotation, enc.encode(token)));
      const next = `${token.slice(0, 22)}.${b64url(mac)}`;
      const [presentedHash, nextHash] = await Promise.all([sha256(token), sha256(next)]);
      return { next, presentedHash, nextHash };
    },
    sign(claims, sid, nowMs, ttl) {
      const iat = Math.floor(nowMs / 1000);
      const t = new SignJWT({ ...claims, sid }).setProtectedHeader({ alg: jwt.alg, typ: 'JWT' }).setIssuedAt(iat).setExpirationTime(iat + ttl);
      if (jwt.issuer) t.setIssuer(jwt.issuer);
      return t.sign(secret);
    },
    async verify(token, nowMs) {
      try {
        const payload = await verifyAt(token, nowMs, skew);
        // jose checks iat only with maxTokenAge; Bknd (hono/jwt) refuses any future iat. We allow
        // `skew` seconds so a token minted by an instance whose clock runs ahead still works here.
        if (typeof payload.iat === 'number' && payload.iat > nowMs / 1000 + skew) return null;
        return payload;
      } catch {
        return null;
      }
    },
    async verifySignatureOnly(token) {
      try {
        await verifyAt(token, 0, 0); // currentDate 0: exp always in the future, nbf/iat ignored
        return decodeJwt(token) as AccessClaims;
      } catch {
        return null;
      }
    },
    async authCookie(header) {
      const raw = header && cookieValue(header, 'auth');
      if (!raw) return null;
      let value: string;
      try {
        value = decodeURIComponent(raw);
      } catch {
        return null;
      }
      const dot = value.lastIndexOf('.');
      const sig = value.slice(dot + 1);
      if (dot < 1 || !/^[A-Za-z0-9+/]{43}=$/.test(sig)) return null;
      const jwtPart = value.slice(0, dot);
      const bytes = Uint8Array.from(atob(sig), (ch) => ch.charCodeAt(0));
      return (await crypto.subtle.verify('HMAC', cookieKey, bytes, enc.encode(jwtPart))) ? jwtPart : null;
    },
  };
}

/** A cookie's raw value from a Cookie header (the first one of that name). */
export function cookieValue(header: string, name: string): string | null {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
