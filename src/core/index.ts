/**
 * `session-elements/core`: the framework-free session logic. No Lit, no element definitions,
 * nothing that touches `window` at import time (safe in Node and during SSR).
 */
export { SessionController } from './controller.js';
export { SessionError, isSessionError, type SessionErrorCode } from './errors.js';
export { MESSAGES } from './messages.js';
export { bknd, type BkndApi, type BkndBackendOptions } from './backends/bknd.js';
export type { RefreshBackendOptions } from './backends/refresh.js';
export { memoryStorage } from './storage.js';
export { sameOriginUrl, withReturnTo } from './safe-url.js';
// The non-default backends are lazy: a dynamic import each, a sibling chunk in the CDN build.
export { createBackend, oidc, refreshBackend } from './create-backend.js';
export type { OidcBackendOptions } from './backends/oidc.js';
export type * from './types.js';
