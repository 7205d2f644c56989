// Defines every element; the page's markup does the rest.
import '../../src/index.js';
const events: { type: string; detail: unknown }[] = [];
for (const type of ['session-login', 'session-logout', 'session-error', 'login-error'])
  document.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail?.error?.hint ?? null }));
Object.assign(window, { events });
