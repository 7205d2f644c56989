import { expect } from '@open-wc/testing';
import type { SessionError } from '../../src/core/errors.js';
import { SessionStore } from '../../src/core/session-store.js';
import { memoryStorage } from '../../src/core/storage.js';
import type { StorageAdapter } from '../../src/core/types.js';
import { clearAll, rawJwt } from '../helpers.js';

/** The store alone: what goes under which key, per storage and transport, and what is refused. */
describe('session store', () => {
  beforeEach(clearAll);
  const now = Math.floor(Date.now() / 1000);
  const jwt = rawJwt({ alg: 'HS256' }, { id: 1, email: 'a@example.com', iat: now, exp: now + 600 });
  const user = { id: 1, email: 'a@example.com' };

  async function open(storage: 'local' | 'session' | 'memory' | StorageAdapter, transport: 'header' | 'cookie' = 'header', key = 'auth') {
    const errors: SessionError[] = [];
    const store = new SessionStore(key, transport, (e) => errors.push(e));
    await store.open(storage);
    return { store, errors };
  }

  it('header transport: the raw JWT under the key (as Bknd stores it), the refresh token beside it', async () => {
    const { store, errors } = await open('local');
    expect(store.kind).to.equal('local');
    expect(store.shared).to.equal(true);
    await store.write({ token: jwt, refreshToken: 'r1', user, exp: now + 600, iat: now });
    expect(localStorage.getItem('auth')).to.equal(jwt);
    expect(localStorage.getItem('auth:refresh')).to.equal('r1');
    expect(localStorage.getItem('auth:meta')).to.equal(null);
    expect(store.raw).to.equal(jwt);
    expect(await store.read()).to.deep.equal({ token: jwt, refreshToken: 'r1', user, exp: now + 600, iat: now });
    expect(errors).to.deep.equal([]);
  });

  it('an opaque token keeps its expiry and user under <key>:meta', async () => {
    const { store } = await open('local');
    await store.write({ token: 'opaque', refreshToken: null, user, exp: now + 60, iat: now });
    expect(JSON.parse(localStorage.getItem('auth:meta')!)).to.deep.equal({ user, exp: now + 60, iat: now });
    expect(await store.read()).to.deep.equal({ token: 'opaque', refreshToken: null, user, exp: now + 60, iat: now });
  });

  it('cookie transport stores only the hint (user and expiry), never a token', async () => {
    const { store } = await open('local', 'cookie');
    await store.write({ token: null, refreshToken: null, user, exp: now + 60 });
    expect(Object.keys(localStorage)).to.deep.equal(['auth:hint']);
    expect(await store.read()).to.deep.equal({ token: null, refreshToken: null, user, exp: now + 60 });
  });

  const garbage: [string, string, string][] = [
    ['a token that is not a JWT and has no meta', 'auth', 'hello'],
    ['an unsigned JWT', 'auth', rawJwt({ alg: 'none' }, { exp: now + 60 }, '')],
  ];
  for (const [name, key, value] of garbage) {
    it(`${name}: removed with invalid-token; other keys untouched`, async () => {
      localStorage.setItem(key, value);
      localStorage.setItem('auth:refresh', 'r');
      localStorage.setItem('other', 'keep');
      const { store, errors } = await open('local');
      expect(await store.read()).to.equal(null);
      expect(errors.map((e) => e.code)).to.deep.equal(['invalid-token']);
      expect(errors[0].hint).to.contain('found in storage under "auth"');
      expect(localStorage.getItem('auth')).to.equal(null);
      expect(localStorage.getItem('auth:refresh')).to.equal(null);
      expect(localStorage.getItem('other')).to.equal('keep');
    });
  }

  for (const hint of ['{"user":null,"exp":1}', '{"user":{},"exp":"soon"}', 'not json']) {
    it(`a bad cookie hint (${hint}) is removed with invalid-token`, async () => {
      localStorage.setItem('auth:hint', hint);
      const { store, errors } = await open('local', 'cookie');
      expect(await store.read()).to.equal(null);
      expect(errors.map((e) => e.code)).to.deep.equal(['invalid-token']);
      expect(localStorage.getItem('auth:hint')).to.equal(null);
    });
  }

  it('clear removes every key of the session at once (a synchronous storage is clean on return)', async () => {
    const { store } = await open('local');
    for (const k of ['auth', 'auth:refresh', 'auth:hint', 'auth:meta', 'other']) localStorage.setItem(k, 'x');
    const cleared = store.clear();
    expect(Object.keys(localStorage)).to.deep.equal(['other']);
    await cleared;
    expect(store.raw).to.equal(null);
  });

  it('session storage is per tab (not shared); memory is neither persisted nor shared', async () => {
    expect((await open('session')).store.shared).to.equal(false);
    const { store } = await open('memory');
    expect(store.shared).to.equal(false);
    await store.write({ token: jwt, refreshToken: null, user, exp: now + 600 });
    expect(localStorage.length + sessionStorage.length).to.equal(0);
    expect((await store.read())?.token).to.equal(jwt);
  });

  it('a custom async adapter works like local storage', async () => {
    const inner = memoryStorage();
    const adapter: StorageAdapter = {
      getItem: async (k) => inner.getItem(k),
      setItem: async (k, v) => inner.setItem(k, v),
      removeItem: async (k) => inner.removeItem(k),
    };
    const { store } = await open(adapter);
    expect(store.kind).to.equal('custom');
    expect(store.shared).to.equal(true);
    await store.write({ token: jwt, refreshToken: 'r', user, exp: now + 600, iat: now });
    expect((await store.read())?.refreshToken).to.equal('r');
  });

  it('a storage that throws: memory instead, with storage-unavailable; a read that throws is reported, not thrown', async () => {
    const throwing: StorageAdapter = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); }, removeItem: () => {} };
    const opened = await open(throwing);
    expect(opened.store.kind).to.equal('memory');
    expect(opened.errors.map((e) => e.code)).to.deep.equal(['storage-unavailable']);
    // Opened fine, then starts throwing (quota, a revoked permission): reported on each use.
    let fail = false;
    const flaky: StorageAdapter = { getItem: (k) => { if (fail) throw new Error('gone'); return localStorage.getItem(k); }, setItem: (k, v) => { if (fail) throw new Error('full'); localStorage.setItem(k, v); }, removeItem: (k) => localStorage.removeItem(k) };
    const { store, errors } = await open(flaky);
    fail = true;
    expect(await store.read()).to.equal(null);
    await store.write({ token: jwt, refreshToken: null, user, exp: now + 600 });
    expect(errors.map((e) => e.code)).to.deep.equal(['storage-unavailable', 'storage-unavailable']);
  });
});
