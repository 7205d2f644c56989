// SSR safety of the BUILT package (run `npm run build` first): server code may import it in plain
// Node. Imports go through the package's own name, so they resolve through `exports` like a user's.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const elementClasses = ['SessionProvider', 'SessionGuard', 'SessionExpiryWarning', 'LoginForm', 'SessionUserElement', 'LogoutButton', 'SessionList'];

const noDom = () => {
  assert.equal(globalThis.window, undefined, 'window stays undefined');
  assert.equal(globalThis.document, undefined, 'document stays undefined');
};

test('session-elements/core imports without a DOM and runs no element code', async () => {
  const core = await import('session-elements/core');
  for (const name of ['SessionController', 'SessionError', 'bknd', 'refreshBackend', 'memoryStorage', 'createBackend']) {
    assert.equal(typeof core[name], 'function', name);
  }
  assert.equal(globalThis.customElements, undefined, 'core loads no Lit (which would install its DOM shim)');
  noDom();
});

test('a SessionController can be made and disposed on the server', async () => {
  const { SessionController, bknd } = await import('session-elements/core');
  const session = new SessionController({ backend: bknd({ host: 'http://127.0.0.1:9' }), storage: 'memory' });
  assert.equal(session.state.status, 'loading');
  session.dispose();
  noDom();
});

test('session-elements imports in Node and exports every element class and the core', async () => {
  const lib = await import('session-elements');
  for (const name of [...elementClasses, 'SessionController', 'bknd', 'refreshBackend', 'sessionStateContext', 'sessionControllerContext']) {
    assert.notEqual(lib[name], undefined, `exports ${name}`);
  }
  // Lit's Node build installs a registry shim; defining into it is what Lit SSR renders from.
  assert.equal(globalThis.customElements.get('session-provider'), lib.SessionProvider);
  noDom();
});

test('every other entry imports in Node', async () => {
  await import('session-elements/define');
  await import('session-elements/context');
  for (const name of ['session-provider', 'session-guard', 'session-expiry-warning', 'login-form', 'session-user', 'logout-button', 'session-list']) {
    await import(`session-elements/elements/${name}`);
  }
  noDom();
});

test('session-elements/react and session-elements/vue import in Node; React renders the components to HTML', async () => {
  const { createElement: h } = await import('react');
  const { renderToString } = await import('react-dom/server');
  const { SessionProvider, LoginForm, SessionUser, useSession } = await import('session-elements/react');
  const { bknd } = await import('session-elements/core');
  let seen;
  const Probe = () => ((seen = useSession()), null);
  const html = renderToString(
    h(SessionProvider, { backend: bknd({ host: 'http://127.0.0.1:9' }) }, h(LoginForm, { slot: 'fallback' }), h(SessionUser, null), h(Probe)),
  );
  assert.match(html, /^<session-provider[^>]*><login-form slot="fallback"[^>]*><\/login-form><session-user[^>]*><\/session-user><\/session-provider>$/);
  assert.deepEqual(seen, { state: undefined, controller: undefined }, 'useSession() renders empty on the server (no effects run)');
  const vue = await import('session-elements/vue');
  assert.equal(typeof vue.useSession, 'function');
  noDom();
});
