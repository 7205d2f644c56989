import { SessionError } from '../core/errors.js';

/**
 * The browser floor (docs/browser-support.md): what the elements cannot do without, ElementInternals
 * (Safari 16.4, Firefox 93) and CSS nesting in their styles (Chrome 112, Safari 16.5, Firefox 117).
 * Below it, one console error when the elements load; providers start no session, so guards show
 * their fallback, and a form says why instead of failing on submit. Newer features the code uses
 * have fallbacks (AbortSignal.any, custom states, checkVisibility). No CSS object: Lit SSR, no check.
 */
export const unsupported =
  typeof CSS == 'object' && !('attachInternals' in HTMLElement.prototype && CSS.supports('selector(&)'))
    ? new SessionError('unsupported-browser', 'Please update your browser to sign in.')
    : null;
if (unsupported) console.error(unsupported);
