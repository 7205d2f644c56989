// The typings recipe from the README: the session-* tags as React 19 intrinsic elements.
import type { CustomElements } from 'session-elements/types/jsx';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
}

declare global {
  interface Window {
    __interop?: Record<string, unknown>;
  }
}
