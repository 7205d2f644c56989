import { createRoot } from 'react-dom/client';
// The stylesheet loads with the app, before the elements: nothing in a guard paints until they are defined.
import 'session-elements/style.css';
import { flushSync } from 'react-dom';
import { App } from './App.tsx';

// `?late` mounts the app before the elements are defined, as an async CDN script would;
// the driver then calls `loadElements()`. Otherwise define them first, as `import 'session-elements'` does.
const late = new URLSearchParams(location.search).has('late');
if (!late) await import('session-elements');
const root = createRoot(document.getElementById('app')!);
flushSync(() => root.render(<App />)); // "mounted": committed to the DOM before the driver looks
window.__interop = { ...window.__interop, mounted: true, loadElements: () => import('session-elements') };
