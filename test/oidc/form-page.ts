// <session-provider> with a <login-form> inside, both built from attributes only: the query's `p`
// and `f` are the provider's and the form's attributes (URL-encoded). They are kept in this tab,
// since an OAuth / OIDC return lands on the page without them.
import '../../src/index.js';

let q = new URLSearchParams(location.search);
if (q.has('p')) sessionStorage.setItem('form-config', q.toString());
else q = new URLSearchParams(sessionStorage.getItem('form-config') ?? '');
const events: { type: string; code?: string; message?: string }[] = [];
for (const type of ['session-login', 'session-error', 'login-error', 'unhandledrejection', 'error'])
  window.addEventListener(type, (e) => {
    const error = (e as CustomEvent).detail?.error ?? (e as PromiseRejectionEvent).reason ?? (e as ErrorEvent).error;
    events.push({ type, code: error?.code, message: error?.hint ?? error?.message ?? (error && String(error)) });
  });
// Every fetch the page makes, recorded when it is called; `settled` once its body was read (or it failed).
const fetches: { url: string; settled?: boolean }[] = [];
const realFetch = window.fetch;
window.fetch = async (input, init) => {
  const entry: { url: string; settled?: boolean } = { url: String(input instanceof Request ? input.url : input) };
  fetches.push(entry);
  try {
    const res = await realFetch(input, init);
    for (const m of ['json', 'text'] as const) {
      const read = res[m].bind(res);
      res[m] = () => read().finally(() => (entry.settled = true)) as never;
    }
    return res;
  } catch (e) {
    entry.settled = true;
    throw e;
  }
};
Object.assign(window, { events, fetches });

const make = (tag: string, attrs: string | null) => {
  const el = document.createElement(tag);
  for (const [k, v] of new URLSearchParams(attrs ?? '')) el.setAttribute(k, v);
  return el;
};
const provider = make('session-provider', q.get('p'));
provider.setAttribute('check-interval', '0');
const user = make('session-user', 'field=email');
provider.append(user, make('login-form', q.get('f')), make('logout-button', ''));
if (q.has('b')) provider.append(make('login-button', q.get('b')));
document.body.append(provider);
