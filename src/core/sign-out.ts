import { leaving } from './http.js';
import type { SessionHost } from './session-host.js';
import { renews } from './session-tokens.js';
import type { LogoutReason } from './types.js';

/**
 * `logout()` of this browser (`local`) or of every session of the user (`global`): see
 * `SessionController.logout` for the order of events and the mark a page that leaves early leaves.
 */
export async function signOut(host: SessionHost, scope: 'local' | 'global') {
  const server = host.config.backend.logout(leaving(host.context()), { scope });
  const stale = host.supersede();
  await host.store.mark(true);
  // Header transport: the token is gone from here at once (and this makes `stale()` true).
  if (host.config.transport === 'header') host.signOut('logout');
  await server.then(() => host.store.mark(false), () => {}); // the server keeps nothing we need: best effort
  if (!stale()) host.signOut('logout');
}

/** Ends the session here (no server call); `remote`: another tab ended it, and told us. */
export function endSession(host: SessionHost, reason: LogoutReason, remote = false) {
  const wasIn = host.state.status === 'authenticated';
  host.supersede();
  host.tokens.clear();
  host.check.refused = null;
  // A remote tab already cleared shared storage; per-tab copies (session storage) are ours to clear.
  if (!remote || host.store.kind === 'session') void host.store.clear();
  if (!remote && wasIn) host.tabs?.post({ t: 'logout', reason });
  host.set({ status: 'unauthenticated', user: null, expiresAt: null, warning: null, offline: false, reason, renewable: renews(host.config.backend, null) });
  if (wasIn) host.emit('session-logout', { reason, remote });
  host.timer.schedule();
}
