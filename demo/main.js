// The demo's wiring. It uses only the public API, the way an app does after
// `import 'session-elements'`: attributes, the provider's properties and methods, and events.
import './config.js';
import 'session-elements';

const provider = document.querySelector('session-provider');
const $ = (id) => document.getElementById(id);

const EVENTS = [
  'session-change', 'session-login', 'session-logout', 'session-expiring', 'session-refresh', 'session-error',
  'login-success', 'login-error',
];
const LOG_LIMIT = 200;
const STATUS_TEXT = { loading: 'Checking…', authenticated: 'Signed in', unauthenticated: 'Signed out' };

const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false });

/** A JSON view of an event detail: times as clock times, errors as their code and message. */
function describe(detail, indent) {
  return JSON.stringify(detail, (key, value) => {
    if ((key === 'endsAt' || key === 'expiresAt') && typeof value === 'number') return clock(value);
    if (value instanceof Error) return { code: value.code, message: value.message };
    return value;
  }, indent);
}

// Every session event bubbles and is composed, so one listener on the provider hears them all,
// including those fired inside the elements' shadow roots.
const log = $('log');
for (const type of EVENTS) {
  provider.addEventListener(type, (event) => {
    const item = document.createElement('li');
    const time = document.createElement('time');
    const name = document.createElement('code');
    const detail = document.createElement('span');
    time.dateTime = new Date().toISOString();
    time.textContent = clock(Date.now());
    name.textContent = type;
    name.className = 'event';
    name.dataset.type = type;
    detail.textContent = describe(event.detail);
    detail.className = 'detail';
    item.append(time, ' ', name, ' ', detail);
    log.prepend(item);
    while (log.children.length > LOG_LIMIT) log.lastElementChild.remove();
  });
}
$('clear-log').addEventListener('click', () => log.replaceChildren());

function renderState() {
  const state = provider.state;
  $('status').textContent = STATUS_TEXT[state.status] + (state.offline ? ' · offline' : '');
  $('state').textContent = describe(state, 2);
  $('connection').textContent = state.offline ? 'unreachable: offline, retrying' : 'reachable';
  renderCountdown();
}

function renderCountdown() {
  const { expiresAt } = provider.state;
  const left = expiresAt === null ? null : Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
  $('ends-in').textContent = left === null ? '—' : `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
}

provider.addEventListener('session-change', renderState);
setInterval(renderCountdown, 1000);
renderState();

// A failure shows up as a session-error event in the log; nothing more to do here.
$('check').addEventListener('click', () => provider.refresh().catch(() => {}));
