// <login-button> with the oidc backend: the provider gets `oidc({...})` as its backend property
// (the issuer comes from the query string, kept in this tab across the redirect).
import { oidc } from '../../src/index.js';

let q = new URLSearchParams(location.search);
if (q.has('issuer')) sessionStorage.setItem('elements-config', q.toString());
else q = new URLSearchParams(sessionStorage.getItem('elements-config') ?? '');
const provider = document.querySelector('session-provider')!;
const errors: unknown[] = [];
document.addEventListener('login-error', (e) => errors.push({ code: (e as CustomEvent).detail.error?.code, message: (e as CustomEvent).detail.error?.hint ?? (e as CustomEvent).detail.error?.message }));
provider.backend = oidc({ issuer: q.get('issuer')!, clientId: 'session-elements', redirectUri: location.origin + location.pathname, postLogoutRedirectUri: false });
Object.assign(window, { errors });
