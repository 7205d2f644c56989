// A page as users write it: provider + guard + user from the built CDN file. The query string
// sets the provider's attributes. Records when the guard shows its content or its fallback.
const t0 = performance.now();
const q = new URLSearchParams(location.search);
const attrs = [...q].filter(([k]) => !['cdn'].includes(k)).map(([k, v]) => `${k}="${v}"`).join(' ');
document.body.insertAdjacentHTML('beforeend', `
  <session-provider ${attrs}>
    <session-guard>
      <p id="content">protected <session-user field="email"></session-user></p>
      <p slot="fallback" id="fallback">signed out</p>
      <p slot="loading" id="loading">checking…</p>
    </session-guard>
  </session-provider>`);
window.marks = { t0 };
const provider = document.querySelector('session-provider');
provider.addEventListener('session-change', (e) => {
  if (e.detail.status !== 'loading' && !window.marks.firstChange) window.marks.firstChange = performance.now();
});
const shown = (id) => document.getElementById(id)?.checkVisibility();
// Background tabs throttle timers and stop animation frames: observe the DOM instead (mutation
// callbacks are microtasks), so the time recorded is when the guard changed what it shows.
window.watch = () => {
  const seen = {};
  const check = () => {
    for (const id of ['content', 'fallback']) if (shown(id) && !seen[id]) seen[id] = Date.now();
  };
  const observer = new MutationObserver(check);
  customElements.whenDefined('session-guard').then(async () => {
    const guard = document.querySelector('session-guard');
    await guard.updateComplete;
    observer.observe(guard.shadowRoot, { subtree: true, childList: true, attributes: true });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    check();
  });
  return seen;
};
window.seen = window.watch();
window.ready = import(q.get('cdn') ?? '/dist/cdn/session-elements.js').then(() => customElements.whenDefined('session-guard'));
