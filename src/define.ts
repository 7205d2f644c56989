/**
 * Defines every element. The only module with side effects (see `sideEffects` in package.json):
 * the classes stay importable without registering anything. Defining twice is harmless. In Node
 * it defines into Lit's SSR registry shim where there is one, and touches no `document`.
 */
import { ContextRoot } from '@lit/context';
import { LoginButton } from './elements/login-button.js';
import { LoginForm } from './elements/login-form.js';
import { LogoutButton } from './elements/logout-button.js';
import { SessionExpiryWarning } from './elements/session-expiry-warning.js';
import { SessionGuard } from './elements/session-guard.js';
import { SessionList } from './elements/session-list.js';
import { SessionProvider } from './elements/session-provider.js';
import { SessionUserElement } from './elements/session-user.js';

if (typeof customElements !== 'undefined') {
  // Consumers that connect before their provider is defined (a lazily loaded provider, a
  // framework's render order) are answered once it is: the root replays their requests.
  const root = Symbol.for('session-elements:context-root');
  const doc = globalThis.document as (Document & { [root]?: true }) | undefined;
  if (doc?.documentElement && !doc[root]) {
    doc[root] = true;
    new ContextRoot().attach(doc.documentElement);
  }
  // The provider first: elements upgrade in definition order, and consumers ask it on connect.
  if (!customElements.get('session-provider')) customElements.define('session-provider', SessionProvider);
  if (!customElements.get('session-guard')) customElements.define('session-guard', SessionGuard);
  if (!customElements.get('session-expiry-warning')) customElements.define('session-expiry-warning', SessionExpiryWarning);
  if (!customElements.get('login-form')) customElements.define('login-form', LoginForm);
  if (!customElements.get('session-user')) customElements.define('session-user', SessionUserElement);
  if (!customElements.get('logout-button')) customElements.define('logout-button', LogoutButton);
  if (!customElements.get('login-button')) customElements.define('login-button', LoginButton);
  // A stub: the list itself is a sibling chunk, fetched when the first <session-list> connects.
  if (!customElements.get('session-list')) customElements.define('session-list', SessionList);
}
