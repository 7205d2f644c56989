// The page's own script, standing in for a framework: it keeps its own state from the session
// events and hands the login form a property. In late.html the elements are defined only when
// the driver calls `loadElements()`, as with a CDN script that loads after the page is up.
const CDN = 'https://cdn.example.com/npm/session-elements@0.1.0/dist/cdn/session-elements.js';
const provider = document.querySelector('session-provider');
const form = document.querySelector('login-form');

provider.addEventListener('session-change', (e) => {
  document.getElementById('fw-user').textContent = e.detail.user?.email ?? 'signed out';
});
form.addEventListener('login-success', (e) => {
  document.getElementById('fw-login').textContent = e.detail.user?.email ?? '';
});
// Set as a property: before the CDN module defines <login-form>, Lit keeps it for the upgrade.
const emailLabel = 'Work email';
form.emailLabel = emailLabel;

window.__interop = {
  mounted: true,
  getEmailLabel: () => emailLabel,
  loadElements: () =>
    new Promise((resolve, reject) => {
      const script = Object.assign(document.createElement('script'), { type: 'module', src: CDN, onload: resolve, onerror: reject });
      document.head.append(script);
    }),
};
