import { expect } from '@open-wc/testing';
import * as pkg from '../../src/index.js';

const TAGS = {
  'session-provider': pkg.SessionProvider,
  'session-guard': pkg.SessionGuard,
  'session-expiry-warning': pkg.SessionExpiryWarning,
  'login-form': pkg.LoginForm,
  'session-user': pkg.SessionUserElement,
  'logout-button': pkg.LogoutButton,
};

describe('the package entry', () => {
  it('defines every element with its exported class', () => {
    for (const [tag, cls] of Object.entries(TAGS)) expect(customElements.get(tag), tag).to.equal(cls);
    expect(document.createElement('session-guard')).to.be.instanceOf(pkg.SessionGuard);
  });

  it('is harmless to define twice (a second copy of the define module evaluates again)', async () => {
    // A query string makes the browser load and run define.ts as a new module.
    await import(/* @vite-ignore */ `../../src/define.ts?again=${Date.now()}` as string);
    for (const [tag, cls] of Object.entries(TAGS)) expect(customElements.get(tag), tag).to.equal(cls);
  });

  it('exports the contexts, the consumer, the controller, the backends and the URL guards', () => {
    for (const name of ['sessionStateContext', 'sessionControllerContext', 'SessionConsumer', 'SessionController', 'SessionError',
      'bknd', 'refreshBackend', 'createBackend', 'memoryStorage', 'sameOriginUrl', 'withReturnTo', 'isSessionError'])
      expect(pkg, name).to.have.property(name);
  });

  it('element modules have no side effects: only define.ts defines', async () => {
    for (const file of ['session-provider', 'session-guard', 'session-expiry-warning', 'login-form', 'session-user', 'logout-button', 'shared']) {
      const src = await (await fetch(new URL(`../../src/elements/${file}.ts`, import.meta.url))).text();
      expect(src, file).to.not.contain('customElements');
    }
    const define = await (await fetch(new URL('../../src/define.ts', import.meta.url))).text();
    expect(define).to.contain('customElements.define');
  });

  // The elements build most of their property declarations at run time (props() in shared.ts), which
  // the manifest analyzer does not run: it reads each field's `@attr` tag. The two must agree.
  it('observes exactly the attributes custom-elements.json lists', async () => {
    const manifest = await (await fetch(new URL('../../custom-elements.json', import.meta.url))).json();
    const declared = new Map<string, string[]>();
    for (const mod of manifest.modules) for (const d of mod.declarations ?? []) if (d.tagName) declared.set(d.tagName, (d.attributes ?? []).map((a: { name: string }) => a.name));
    for (const tag of [...Object.keys(TAGS), 'login-button']) {
      const observed = (customElements.get(tag) as unknown as { observedAttributes: string[] }).observedAttributes;
      expect([...observed].sort(), tag).to.deep.equal([...declared.get(tag)!].sort());
    }
  });
});
