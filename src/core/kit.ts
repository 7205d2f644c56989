import { userOf } from './backends/shared.js';
import { SessionError } from './errors.js';
import { httpError, jsonObject, serverMessage } from './http.js';
import { sameOriginUrl } from './safe-url.js';

/**
 * What the lazily loaded modules use of the core, handed to them by the code that loads them
 * (`create-backend.ts` to the backends; `session-tokens.ts` gives `verify` its `SessionError`)
 * instead of imported: a static import would make bundlers move these modules out of the entry
 * into chunks shared with the lazy ones, costing every page requests and bytes. It also keeps their
 * errors the entry's `SessionError` class, the one `instanceof` checks see.
 */
export const kit = { SessionError, httpError, jsonObject, serverMessage, userOf, sameOriginUrl };
export type Kit = typeof kit;
