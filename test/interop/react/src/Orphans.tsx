import { Component, useRef, type ReactNode } from 'react';
import { useSession } from 'session-elements/react';

// `?orphan`: useSession() where it cannot work. Each must fail with a typed `config` error that
// an error boundary catches, instead of rendering a session that never comes.

class Boundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError = () => ({ failed: true });
  render = () => (this.state.failed ? null : this.props.children);
}

/** Neither inside a <SessionProvider> nor given a ref. */
function NoProvider() {
  useSession();
  return null;
}

/** Given a ref that no element of the component holds. */
function EmptyRef() {
  const ref = useRef<HTMLElement>(null);
  useSession(ref);
  return null;
}

export function Orphans() {
  return (
    <>
      <Boundary><NoProvider /></Boundary>
      <Boundary><EmptyRef /></Boundary>
    </>
  );
}
