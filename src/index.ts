/**
 * `session-elements`: defines every element (idempotent) and exports the element classes, the
 * contexts, the `SessionConsumer` reactive controller and everything from `session-elements/core`.
 */
import './define.js';

export { SessionProvider } from './elements/session-provider.js';
export { SessionGuard, type GuardView } from './elements/session-guard.js';
export { SessionExpiryWarning } from './elements/session-expiry-warning.js';
export { LoginForm } from './elements/login-form.js';
export { SessionUserElement } from './elements/session-user.js';
export { LogoutButton } from './elements/logout-button.js';
export { LoginButton } from './elements/login-button.js';
export { SessionList } from './elements/session-list.js';
export type { ElementEventDetails } from './elements/shared.js';
export { registerTranslation, type Translation, type Terms } from './i18n/index.js';
export { sessionStateContext, sessionControllerContext, SessionConsumer, type SessionConsumerCallbacks } from './context.js';
export * from './core/index.js';
