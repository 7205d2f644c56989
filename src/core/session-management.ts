import type { leaving } from './http.js';
import type { Kit } from './kit.js';
import type { BackendContext, SessionBackend, SessionInfo } from './types.js';

/** What the controller hands over (see `kit.ts`): its `SessionError` and the sign-out's request context. */
type Core = Pick<Kit, 'SessionError'> & { leaving: typeof leaving };

/**
 * The user's server-side sessions: listing, revoking one, signing out the others. A sibling chunk
 * (a dynamic import from the controller), fetched on first use: only pages with `<session-list>`
 * or an `others` sign-out need it. It imports only types from the core, so bundlers keep the core
 * one file (see `kit.ts`). Only a backend that lists sessions manages them.
 */
export function manage({ SessionError, leaving }: Core, b: SessionBackend, ctx: BackendContext) {
  if (!b.sessions) throw new SessionError('config', "Sessions can't be managed here", undefined, { hint: 'The backend has no sessions(): use Bknd with the session-elements/bknd plugin' });
  return {
    sessions: (): Promise<SessionInfo[]> => b.sessions!(ctx),
    revokeSession: (id: string): Promise<void> => b.revokeSession!(id, ctx),
    logoutOthers: (): Promise<void> => b.logout(leaving(ctx), { scope: 'others' }),
  };
}

export type Management = ReturnType<typeof manage>;
