import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
// The stylesheet loads with the app, before the elements: nothing in a guard paints until they are defined.
import 'session-elements/style.css';
import './app.css';
// session-elements/react defines the elements when it loads, so there is no "defined later" case:
// the app always renders defined elements (the driver runs only the eager variant here).
import { App } from './App.tsx';
import { Orphans } from './Orphans.tsx';
import { BkndApp } from './BkndApp.tsx';

// Errors that error boundaries caught, for the driver (`?orphan`).
const caught: string[] = [];
const root = createRoot(document.getElementById('app')!, {
  onCaughtError: (e) => caught.push(e instanceof Error ? `${e.name} ${(e as Error & { code?: string }).code}: ${(e as Error & { hint?: string }).hint ?? e.message}` : String(e)),
});
const params = new URLSearchParams(location.search);
const bkndHost = params.get('bknd');
const page = params.has('orphan') ? <Orphans /> : bkndHost ? <BkndApp host={bkndHost} /> : <App />;
// StrictMode: effects mount, unmount and mount again; useSession must not double-subscribe or leak.
flushSync(() => root.render(<StrictMode>{page}</StrictMode>)); // "mounted": committed before the driver looks
window.__interop = { ...window.__interop, caught, mounted: true };
