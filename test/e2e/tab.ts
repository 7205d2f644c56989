// One "tab" for the multi-tab tests: a SessionController configured from the query string,
// exposed on window for playwright to drive, with every event recorded.
import { SessionController, bknd, refreshBackend } from '../../src/core/index.js';

const q = new URLSearchParams(location.search);
const num = (k: string) => (q.has(k) ? Number(q.get(k)) : undefined);
const host = q.get('host') ?? '';
const session = new SessionController({
  backend: q.get('backend') === 'refresh' ? refreshBackend({ host }) : bknd({ host }),
  storage: (q.get('storage') as 'local') ?? 'local',
  transport: (q.get('transport') as 'header') ?? 'header',
  checkInterval: num('checkInterval'),
  refreshBefore: num('refreshBefore'),
  idleTimeout: num('idleTimeout'),
  warnBefore: num('warnBefore'),
  fetchOrigins: q.get('fetchOrigins') ?? undefined,
});
const events: { type: string; detail: unknown; at: number }[] = [];
for (const type of ['session-login', 'session-logout', 'session-refresh', 'session-error', 'session-expiring'])
  session.addEventListener(type, (e) => {
    const d = (e as CustomEvent).detail;
    events.push({ type, detail: d?.error ? { code: d.error.code, message: d.error.message } : d, at: Date.now() });
  });
Object.assign(window, { session, events, started: session.start() });
