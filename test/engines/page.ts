// One tab for the tests that run in every engine (test/e2e/engines.test.mjs): the elements under a
// provider configured from the query string, with what happened recorded on window, because
// WebDriver classic has no console API: errors, the provider's status attribute from its first
// value, and its events.
import '../../src/index.js';
import type { SessionProvider } from '../../src/index.js';

const errors: string[] = [];
addEventListener('error', (e) => errors.push(`error: ${e.message}`));
addEventListener('unhandledrejection', (e) => errors.push(`rejection: ${e.reason}`));
const consoleError = console.error;
console.error = (...args: unknown[]) => {
  errors.push(`console: ${args.map((a) => (a as { code?: string })?.code ?? String(a)).join(' ')}`);
  consoleError.apply(console, args);
};

const q = new URLSearchParams(location.search);
const attrs = ['host', 'transport', 'storage', 'warn-before', 'idle-timeout', 'check-interval'];
const provider = document.createElement('session-provider') as SessionProvider;
for (const a of attrs) if (q.has(a)) provider.setAttribute(a, q.get(a)!);
provider.innerHTML = `<session-guard><p id="secret">secret</p><p slot="loading">loading</p>
  <div slot="fallback"><p>signed out</p><login-form></login-form></div></session-guard>
  <session-expiry-warning></session-expiry-warning>`;

const statuses: string[] = [];
new MutationObserver(() => {
  const s = provider.getAttribute('status');
  if (s && s !== statuses.at(-1)) statuses.push(s);
}).observe(provider, { attributes: true, attributeFilter: ['status'] });
const events: { type: string; detail: unknown }[] = [];
for (const type of ['session-login', 'session-logout', 'session-error', 'session-expiring'])
  provider.addEventListener(type, (e) => {
    const d = (e as CustomEvent).detail;
    events.push({ type, detail: d?.error ? { code: d.error.code } : d });
  });
document.body.append(provider);
Object.assign(window, { provider, errors, statuses, events });
