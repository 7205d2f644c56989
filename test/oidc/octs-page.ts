// One oidc-client-ts tab for the bench: a UserManager with automaticSilentRenew and refresh-token
// renewal, the user kept in localStorage so every tab of the browser shares it (its documented
// multi-tab setup). Configured like the session-elements page: same client, scope, renewal lead.
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

let q = new URLSearchParams(location.search);
if (q.has('issuer')) sessionStorage.setItem('octs-config', q.toString());
else q = new URLSearchParams(sessionStorage.getItem('octs-config') ?? '');
const mgr = new UserManager({
  authority: q.get('issuer')!,
  client_id: 'session-elements',
  redirect_uri: location.origin + location.pathname,
  scope: 'openid profile email offline_access',
  prompt: 'consent',
  automaticSilentRenew: true,
  accessTokenExpiringNotificationTimeInSeconds: Number(q.get('lead') ?? 2),
  userStore: new WebStorageStateStore({ store: localStorage }),
});
const events: { type: string; at: number; message?: string }[] = [];
mgr.events.addUserLoaded(() => events.push({ type: 'loaded', at: Date.now() }));
mgr.events.addSilentRenewError((e) => events.push({ type: 'renew-error', at: Date.now(), message: e.message }));
mgr.events.addUserSignedOut(() => events.push({ type: 'signed-out', at: Date.now() }));
const started = (async () => {
  if (new URLSearchParams(location.search).has('code')) {
    await mgr.signinRedirectCallback();
    history.replaceState(null, '', location.pathname);
  }
  return true;
})();
Object.assign(window, { mgr, events, started });
