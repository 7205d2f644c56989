import { expect } from '@open-wc/testing';
import { SignJWT } from 'jose';
import { decodeToken, isJwtShaped, sameUser, userFromClaims } from '../../src/core/token.js';
import { rawJwt } from '../helpers.js';

/** The hand-written decoder: the same checks jose's decode path made, without jose in the eager bundle. */
describe('token decoding (no signature check)', () => {
  const now = Math.floor(Date.now() / 1000);
  const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');

  it('decodes a real signed JWT: payload, exp, iat', async () => {
    const jwt = await new SignJWT({ id: 7, email: 'a@example.com', role: 'user' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(now).setExpirationTime(now + 60).sign(secret);
    const d = decodeToken(jwt);
    expect(d).to.deep.include({ exp: now + 60, iat: now });
    expect(userFromClaims(d.payload)).to.deep.equal({ id: 7, email: 'a@example.com', role: 'user' });
  });

  it('reads base64url (- and _) and UTF-8 claims', async () => {
    // '?>' and 'ü' put `-`/`_` and multi-byte characters into the encoded payload
    const claims = { name: 'Jürgen ?>?>~~', exp: now + 60 };
    const b64 = (o: object) => btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(o)))).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    const utf8 = `${b64({ alg: 'ES256' })}.${b64(claims)}.c2ln`;
    expect(utf8).to.match(/[-_]/);
    expect(decodeToken(utf8).payload.name).to.equal('Jürgen ?>?>~~');
  });

  it('no iat is fine; the registered claims stay out of the user', () => {
    const d = decodeToken(rawJwt({ alg: 'RS256' }, { sub: 'x', iss: 'i', aud: 'a', nbf: 1, jti: 'j', exp: now + 5 }));
    expect(d.iat).to.equal(undefined);
    expect(userFromClaims(d.payload)).to.deep.equal({ sub: 'x' });
  });

  it('no exp is fine (Bknd without jwt.expires): exp is null, a session until the server ends it', () => {
    const d = decodeToken(rawJwt({ alg: 'HS256' }, { id: 1, email: 'a@example.com', iat: now, iss: 'bknd' }));
    expect(d).to.deep.include({ exp: null, iat: now });
    expect(userFromClaims(d.payload)).to.deep.equal({ id: 1, email: 'a@example.com' });
  });

  const refused: [string, unknown, RegExp][] = [
    ['not a string', 42, /not a string/],
    ['an empty string', '', /not a string/],
    ['too large', rawJwt({ alg: 'HS256' }, { exp: now + 5, pad: 'x'.repeat(17000) }), /too large/],
    ['two parts', 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9', /not a JWT/],
    ['five parts (an encrypted JWE)', 'a.b.c.d.e', /not a JWT/],
    ['a broken payload', 'eyJhbGciOiJIUzI1NiJ9.%%%%.c2ln', /not a JWT/],
    ['a payload that is not JSON', `eyJhbGciOiJIUzI1NiJ9.${btoa('hello!')}.c2ln`, /not a JWT/],
    ['a payload that is a JSON array', rawJwt({ alg: 'HS256' }, [1, 2]), /not a JWT/],
    ['a header that is a string', `${btoa('"x"')}.${btoa('{"exp":1}')}.c2ln`, /not a JWT/],
    ['alg none', rawJwt({ alg: 'none' }, { exp: now + 5 }, ''), /unsigned/],
    ['alg NONE', rawJwt({ alg: 'NONE' }, { exp: now + 5 }), /unsigned/],
    ['no alg', rawJwt({ typ: 'JWT' }, { exp: now + 5 }), /unsigned/],
    ['a string exp', rawJwt({ alg: 'HS256' }, { exp: 'tomorrow' }), /non-numeric exp/],
    ['a null exp', rawJwt({ alg: 'HS256' }, { exp: null }), /non-numeric exp/],
    ['a string iat', rawJwt({ alg: 'HS256' }, { exp: now + 5, iat: 'yesterday' }), /non-numeric iat/],
  ];
  for (const [name, token, message] of refused) {
    it(`refuses ${name} with invalid-token`, () => {
      let error: any;
      try {
        decodeToken(token);
      } catch (e) {
        error = e;
      }
      expect(error?.code).to.equal('invalid-token');
      expect(error.hint).to.match(message);
    });
  }

  it('tells JWTs from opaque tokens by shape', () => {
    expect(isJwtShaped('a.b.c')).to.equal(true);
    expect(isJwtShaped('2YotnFZFEjr1zCsicMWpAA')).to.equal(false);
    expect(isJwtShaped('a.b')).to.equal(false);
  });

  it('same user: by id when there is one, else by email', () => {
    expect(sameUser({ id: 1, email: 'a' }, { id: 1, email: 'b' })).to.equal(true);
    expect(sameUser({ id: 1, email: 'a' }, { id: 2, email: 'a' })).to.equal(false);
    expect(sameUser({ email: 'a' }, { email: 'a' })).to.equal(true);
    expect(sameUser({ email: 'a' }, { email: 'b' })).to.equal(false);
  });
});
