import { expect } from '@open-wc/testing';
import { DEFAULTS, PROVIDER_OPTIONS, resolveOptions } from '../../src/core/options.js';
import { memoryStorage, refreshBackend } from '../../src/core/index.js';
import { SessionProvider } from '../../src/elements/session-provider.js';

describe('options: defaults and checks in one place', () => {
  it('fills every default and reports nothing for no options', () => {
    const { config, errors } = resolveOptions();
    expect(errors).to.deep.equal([]);
    const { backend, ...rest } = config;
    expect(rest).to.deep.equal(DEFAULTS);
    expect(backend.login).to.be.a('function');
    expect(Object.isFrozen(config)).to.equal(true);
  });

  it('keeps good values, including 0 seconds, a custom storage and a custom backend; undefined means default', () => {
    const storage = memoryStorage();
    const backend = refreshBackend();
    const { config, errors } = resolveOptions({ checkInterval: 0, idleTimeout: 900, storage, backend, transport: 'cookie', storageKey: 'k', warnBefore: undefined });
    expect(errors).to.deep.equal([]);
    expect(config).to.include({ checkInterval: 0, idleTimeout: 900, storage, backend, transport: 'cookie', storageKey: 'k', warnBefore: 60 });
  });

  const bad: [string, Record<string, unknown>, string, unknown][] = [
    ['a negative number of seconds', { refreshBefore: -1 }, 'refreshBefore', 60],
    ['NaN seconds (an attribute that is not a number)', { checkInterval: NaN }, 'checkInterval', 300],
    ['seconds as a string', { idleTimeout: '10' }, 'idleTimeout', 0],
    ['Infinity seconds', { warnBefore: Infinity }, 'warnBefore', 60],
    ['a zero request timeout', { requestTimeout: 0 }, 'requestTimeout', 10_000],
    ['an unknown storage kind', { storage: 'cloud' }, 'storage', 'local'],
    ['a storage object without removeItem', { storage: { getItem() {}, setItem() {} } }, 'storage', 'local'],
    ['an unknown transport', { transport: 'carrier-pigeon' }, 'transport', 'header'],
    ['an empty storage key', { storageKey: '' }, 'storageKey', 'auth'],
  ];
  for (const [name, options, key, fallback] of bad) {
    it(`${name}: a config error naming the option, and the default`, () => {
      const { config, errors } = resolveOptions(options as never);
      expect(errors).to.have.length(1);
      expect(errors[0].code).to.equal('config');
      expect(errors[0].hint).to.contain(key === 'storage' && typeof options.storage === 'object' ? 'custom storage' : key);
      expect((config as unknown as Record<string, unknown>)[key]).to.equal(fallback);
    });
  }

  it('a backend without me/logout is reported and replaced by Bknd', () => {
    const { config, errors } = resolveOptions({ backend: { login: async () => ({}) } as never });
    expect(errors.map((e) => e.hint)).to.deep.equal(['backend must be an object with login, me and logout functions']);
    expect(config.backend.me).to.be.a('function');
  });

  it('fetchOrigins: origins are kept in canonical form; paths, non-URLs and opaque origins are dropped, a config error each', () => {
    const good = resolveOptions({ fetchOrigins: '  https://api.example.com/  http://127.0.0.1:8080 HTTP://LOCALHOST:3000 ' });
    expect(good.errors).to.deep.equal([]);
    expect(good.config.fetchOrigins).to.equal('https://api.example.com http://127.0.0.1:8080 http://localhost:3000');
    const { config, errors } = resolveOptions({ fetchOrigins: 'https://ok.example https://api.example.com/v1 api.example.com data:text/plain,x *' });
    expect(errors.map((e) => e.code)).to.deep.equal(['config', 'config', 'config', 'config']);
    expect(errors.map((e) => e.hint!.split('"')[1])).to.deep.equal(['https://api.example.com/v1', 'api.example.com', 'data:text/plain,x', '*']);
    expect(errors[0].hint).to.contain('fetch-origins');
    expect(config.fetchOrigins).to.equal('https://ok.example');
  });

  it('several bad values give one error each', () => {
    expect(resolveOptions({ refreshBefore: -1, transport: 'x' as never, storageKey: '' }).errors).to.have.length(3);
  });

  it("the provider's reactive properties are exactly the option list", () => {
    expect(Object.keys(SessionProvider.properties).sort()).to.deep.equal([...PROVIDER_OPTIONS].sort());
  });
});
