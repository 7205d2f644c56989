import { bootstrapApplication } from '@angular/platform-browser';
import { provideZonelessChangeDetection } from '@angular/core';
import { App } from './app/app';

declare global {
  interface Window { __interop?: Record<string, unknown> }
}

// `?late` bootstraps before the elements are defined, as an async CDN script would; the driver
// then calls `loadElements()`. Otherwise define them first, as `import 'session-elements'` does.
const late = new URLSearchParams(location.search).has('late');
if (!late) await import('session-elements');
await bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] });
window.__interop = { ...window.__interop, mounted: true, loadElements: () => import('session-elements') };
