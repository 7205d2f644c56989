import { expect } from '@open-wc/testing';
import { SessionError, bknd, type SessionOptions, type StorageAdapter } from '../../src/core/index.js';
import { DEMO, clearAll, controller, disposeAll, newFaultProxy, rawJwt, recordEvents, setFault } from '../helpers.js';
import { itExceptIn } from '../engines/engine.js';

/**
 * The bad-input corpus: each case asserts the typed `session-error` code, that nothing else on the
 * page was lost, and (afterEach) that no uncaught exception or unhandled rejection reached the page.
 */
describe('bad input: typed errors, nothing lost', () => {
  const uncaught: string[] = [];
  const onError = (e: ErrorEvent) => uncaught.push(String(e.message));
  const onRejection = (e: PromiseRejectionEvent) => uncaught.push(String(e.reason));
  before(() => {
    addEventListener('error', onError);
    addEventListener('unhandledrejection', onRejection);
  });
  after(() => {
    removeEventListener('error', onError);
    removeEventListener('unhandledrejection', onRejection);
  });
  beforeEach(() => {
    clearAll();
    uncaught.length = 0;
    localStorage.setItem('other-app', 'keep me');
  });
  afterEach(async () => {
    await new Promise((r) => setTimeout(r, 30));
    disposeAll();
    expect(uncaught, 'uncaught errors').to.deep.equal([]);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const good = { alg: 'HS256', typ: 'JWT' };
  const claims = { id: 1, email: 'demo@example.com', iat: now() };

  describe('stored values that are not a session are removed with invalid-token', () => {
    const cases: [string, string][] = [
      ['a plain string', 'hello'],
      ["another app's JSON", '{"theme":"dark"}'],
      ['a JSON array', '[1,2,3]'],
      ['a truncated JWT', rawJwt(good, { ...claims, exp: now() + 600 }).split('.').slice(0, 2).join('.')],
      ['a JWT with a broken payload', 'eyJhbGciOiJIUzI1NiJ9.%%%%.c2ln'],
      ['an oversized JWT', rawJwt(good, { ...claims, exp: now() + 600, pad: 'x'.repeat(20000) })],
      ['an unsigned JWT (alg: none)', rawJwt({ alg: 'none' }, { ...claims, exp: now() + 600 }, '')],
      ['a JWT with a null exp', rawJwt(good, { ...claims, exp: null })],
      ['a JWT with a non-numeric exp', rawJwt(good, { ...claims, exp: 'tomorrow' })],
      ['a JWT with a non-numeric iat', rawJwt(good, { ...claims, iat: 'yesterday', exp: now() + 600 })],
      ['an empty string', ''],
    ];
    for (const [name, value] of cases) {
      it(name, async () => {
        localStorage.setItem('auth', value);
        const c = controller({ backend: bknd(), checkInterval: 0 });
        const ev = recordEvents(c);
        await c.start();
        expect(ev.errors()).to.deep.equal(['invalid-token']);
        expect(c.state.status).to.equal('unauthenticated');
        expect(localStorage.getItem('auth')).to.equal(null);
        expect(localStorage.getItem('other-app')).to.equal('keep me');
      });
    }
  });

  it('a stored JWT without exp is a session (Bknd without jwt.expires): the server decides, here 403 = invalid', async () => {
    localStorage.setItem('auth', rawJwt(good, claims));
    const c = controller({ backend: bknd(), checkInterval: 0 });
    const ev = recordEvents(c);
    await c.start();
    expect(ev.errors()).to.deep.equal([]);
    expect(ev.of('session-change').map((s) => s.status)).to.deep.equal(['authenticated', 'unauthenticated']);
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'invalid' });
    expect(localStorage.getItem('auth')).to.equal(null);
  });

  describe('cookie-transport hints that are not ours are removed with invalid-token', () => {
    for (const [name, value] of [['garbage', 'not json'], ['a wrong shape', '{"user":"x","exp":"soon"}']]) {
      it(name, async () => {
        localStorage.setItem('auth:hint', value);
        const c = controller({ backend: bknd(), transport: 'cookie', checkInterval: 0 });
        const ev = recordEvents(c);
        await c.start();
        expect(ev.errors()[0]).to.equal('invalid-token');
        expect(localStorage.getItem('auth:hint')).to.equal(null);
        expect(localStorage.getItem('other-app')).to.equal('keep me');
      });
    }
  });

  describe('storage that throws falls back to memory with storage-unavailable', () => {
    const throwing = (on: ('get' | 'set' | 'remove')[], error = new Error('SecurityError: denied')): StorageAdapter => ({
      getItem: (k) => (on.includes('get') ? (() => { throw error; })() : localStorage.getItem(k)),
      setItem: (k, v) => (on.includes('set') ? (() => { throw error; })() : localStorage.setItem(k, v)),
      removeItem: (k) => (on.includes('remove') ? (() => { throw error; })() : localStorage.removeItem(k)),
    });
    const cases: [string, StorageAdapter][] = [
      ['throws on write', throwing(['set'])],
      ['throws on read', throwing(['get'])],
      ['throws on read and write', throwing(['get', 'set', 'remove'])],
      ['is an async adapter that rejects', { getItem: async () => { throw new Error('boom'); }, setItem: async () => {}, removeItem: async () => {} }],
    ];
    for (const [name, storage] of cases) {
      it(name, async () => {
        const c = controller({ backend: bknd(), storage, checkInterval: 0 });
        const ev = recordEvents(c);
        await c.start();
        expect(ev.errors()).to.deep.equal(['storage-unavailable']);
        await c.login(DEMO); // still works, in memory
        expect(c.state.status).to.equal('authenticated');
        expect(localStorage.getItem('other-app')).to.equal('keep me');
      });
    }

    it('a quota error on write keeps the session in memory', async () => {
      const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      const storage: StorageAdapter = {
        getItem: (k) => localStorage.getItem(k),
        setItem: (k, v) => { if (k === 'auth') throw quota; localStorage.setItem(k, v); },
        removeItem: (k) => localStorage.removeItem(k),
      };
      const c = controller({ backend: bknd(), storage, checkInterval: 0 });
      const ev = recordEvents(c);
      await c.start();
      await c.login(DEMO);
      expect(ev.errors()).to.deep.equal(['storage-unavailable']);
      expect(c.state.status).to.equal('authenticated');
      expect((await c.fetch('/api/auth/me')).status).to.equal(200);
    });

    // Disabled storage is a getter that throws; a test can only fake that by redefining window.localStorage.
    itExceptIn('webkit', 'JavaScriptCore keeps reading the replaced window.localStorage getter once the page has used it', 'no localStorage at all (disabled) falls back to memory', async () => {
      const desc = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
      Object.defineProperty(window, 'localStorage', { configurable: true, get: () => { throw new DOMException('denied', 'SecurityError'); } });
      try {
        const c = controller({ backend: bknd(), checkInterval: 0 });
        const ev = recordEvents(c);
        await c.start();
        expect(ev.errors()).to.deep.equal(['storage-unavailable']);
        await c.login(DEMO);
        expect(c.state.status).to.equal('authenticated');
      } finally {
        Object.defineProperty(window, 'localStorage', desc);
      }
    });
  });

  describe('invalid options get a config error and the default', () => {
    const cases: [string, SessionOptions, string, unknown][] = [
      ['negative seconds', { refreshBefore: -5 }, 'refreshBefore', 60],
      ['non-numeric seconds', { checkInterval: 'abc' as unknown as number }, 'checkInterval', 300],
      ['NaN seconds', { idleTimeout: NaN }, 'idleTimeout', 0],
      ['infinite seconds', { warnBefore: Infinity }, 'warnBefore', 60],
      ['a zero request timeout', { requestTimeout: 0 }, 'requestTimeout', 10000],
      ['an unknown storage', { storage: 'cloud' as never }, 'storage', 'local'],
      ['a storage object without methods', { storage: {} as never }, 'storage', 'local'],
      ['an unknown transport', { transport: 'smoke' as never }, 'transport', 'header'],
      ['an empty storage key', { storageKey: '' }, 'storageKey', 'auth'],
    ];
    for (const [name, opts, key, fallback] of cases) {
      it(name, async () => {
        const c = controller({ backend: bknd(), checkInterval: 0, ...opts, ...(key === 'checkInterval' ? {} : {}) });
        const ev = recordEvents(c);
        await c.start();
        expect(ev.errors()).to.deep.equal(['config']);
        expect((c.config as unknown as Record<string, unknown>)[key]).to.equal(fallback);
      });
    }
    it('a backend object without login/me/logout', async () => {
      const c = controller({ backend: {} as never });
      const ev = recordEvents(c);
      await c.start();
      expect(ev.errors()).to.deep.equal(['config']);
      expect(typeof c.config.backend.login).to.equal('function');
    });
    it('login without credentials', async () => {
      const c = controller({ backend: bknd(), checkInterval: 0 });
      await c.start();
      const err = await c.login(null as never).catch((e) => e);
      expect(err).to.be.instanceOf(SessionError);
      expect(err.code).to.equal('config');
    });
    it('register on a backend that has none', async () => {
      const real = bknd();
      const c = controller({ backend: { login: real.login, me: real.me, logout: real.logout }, checkInterval: 0 });
      await c.start();
      expect((await c.register(DEMO).catch((e) => e)).code).to.equal('config');
    });
  });

  describe('server answers that are not what was expected', () => {
    let proxy: { id: string; host: string };
    before(async () => {
      proxy = await newFaultProxy();
    });
    afterEach(() => setFault(proxy.id, 'pass'));

    const cases: [string, string, string][] = [
      ['a 500 on login', '500', 'server'],
      ['a 502 HTML page on login', '502', 'server'],
      ['a 200 HTML page on login', 'html', 'server'],
      ['an empty 200 body on login', 'empty', 'server'],
      ['a 200 JSON body without a token', 'json', 'invalid-token'],
      ['a truncated JSON body on login', 'truncated', 'server'],
      ['a redirect on login', 'redirect', 'server'],
      ['a 404 on login (wrong host)', '404', 'invalid-credentials'],
      ['a connection reset on login', 'reset', 'network'],
      ['a hanging login', 'hang', 'timeout'],
    ];
    for (const [name, mode, code] of cases) {
      it(name, async () => {
        const c = controller({ backend: bknd({ host: proxy.host }), checkInterval: 0, requestTimeout: 500 });
        await c.start();
        await c.login(DEMO); // an existing session that a failed sign-in must not lose
        const token = localStorage.getItem('auth');
        await setFault(proxy.id, mode);
        const ev = recordEvents(c);
        const err = await c.login(DEMO).catch((e) => e);
        expect(err).to.be.instanceOf(SessionError);
        expect(err.code).to.equal(code);
        expect(ev.errors()).to.deep.equal([code]);
        expect(c.state.status).to.equal('authenticated');
        expect(localStorage.getItem('auth')).to.equal(token);
      });
    }

    for (const [name, mode, code] of [['a 500 on register', '500', 'server'], ['HTML on register', 'html', 'server'], ['a truncated body on register', 'truncated', 'server'], ['a hanging register', 'hang', 'timeout']]) {
      it(name, async () => {
        const c = controller({ backend: bknd({ host: proxy.host }), checkInterval: 0, requestTimeout: 500 });
        await c.start();
        await setFault(proxy.id, mode);
        const ev = recordEvents(c);
        const err = await c.register({ email: 'new@example.com', password: 'password123' }).catch((e) => e);
        expect(err.code).to.equal(code);
        expect(ev.errors()).to.deep.equal([code]);
        expect(c.state.status).to.equal('unauthenticated');
      });
    }

    for (const [name, mode] of [['a 500 on logout', '500'], ['a reset on logout', 'reset'], ['a hanging logout', 'hang']]) {
      it(`${name} still signs out here, quietly (logout is best effort)`, async () => {
        const c = controller({ backend: bknd({ host: proxy.host }), checkInterval: 0, requestTimeout: 500 });
        await c.start();
        await c.login(DEMO);
        await setFault(proxy.id, mode);
        const ev = recordEvents(c);
        await c.logout();
        expect(c.state).to.include({ status: 'unauthenticated', reason: 'logout' });
        expect(localStorage.getItem('auth')).to.equal(null);
        expect(localStorage.getItem('other-app')).to.equal('keep me');
        expect(ev.errors()).to.deep.equal([]);
      });
    }

    for (const [name, mode, code] of [['a 500 on /me', '500', 'server'], ['a truncated body on /me', 'truncated', 'server'], ['a redirect on /me', 'redirect', 'server'], ['HTML on /me', 'html', 'server'], ['a hanging /me', 'hang', 'timeout'], ['a reset on /me', 'reset', 'network']]) {
      it(`${name} keeps a valid session and marks it offline`, async () => {
        const c1 = controller({ backend: bknd({ host: proxy.host }), checkInterval: 0 });
        await c1.start();
        await c1.login(DEMO);
        c1.dispose();
        await setFault(proxy.id, mode);
        const c = controller({ backend: bknd({ host: proxy.host }), checkInterval: 0, requestTimeout: 500 });
        const ev = recordEvents(c);
        await c.start();
        expect(ev.errors()).to.deep.equal([code]);
        expect(c.state).to.include({ status: 'authenticated', offline: true });
        expect(ev.of('session-logout')).to.deep.equal([]);
        expect(localStorage.getItem('auth')).to.be.a('string');
      });
    }
  });
});
