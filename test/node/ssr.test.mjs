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
