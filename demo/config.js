// Applies ?transport= and ?storage= to the provider. Imported before the elements are defined, so
// the provider starts with these attributes instead of starting once and then restarting.
const params = new URLSearchParams(location.search);
const CHOICES = { transport: ['header', 'cookie'], storage: ['local', 'session', 'memory'] };
const chosen = {};
for (const [param, values] of Object.entries(CHOICES)) {
  const value = params.get(param);
  chosen[param] = values.includes(value) ? value : values[0];
}

const provider = document.querySelector('session-provider');
provider.setAttribute('transport', chosen.transport);
provider.setAttribute('storage', chosen.storage);
// Each transport gets its own storage key: they keep different things under it (the header
// transport the token, the cookie transport no token at all), and tabs only sync with tabs of the
// same key. On the server they are not separate: Bknd sets its httpOnly cookie on every sign-in,
// header ones included, and any sign-out here clears it.
if (chosen.transport === 'cookie') provider.setAttribute('storage-key', 'demo-cookie');

/** This page's URL with `param` set, other choices kept. */
function withParam(param, value) {
  const url = new URL(location.href);
  url.searchParams.set(param, value);
  return url.pathname + url.search;
}

for (const link of document.querySelectorAll('a[data-param]')) {
  const { param, value } = link.dataset;
  link.href = withParam(param, value);
  if (chosen[param] === value) link.setAttribute('aria-current', 'true');
}
// Links between demo pages, and the sign-in page a guard sends you to, keep the chosen settings.
const keep = (href) => new URL(href, location.href).pathname + location.search;
for (const link of document.querySelectorAll('a[data-keep-settings]')) link.href = keep(link.getAttribute('href'));
if (provider.hasAttribute('login-url')) provider.setAttribute('login-url', keep(provider.getAttribute('login-url')));
