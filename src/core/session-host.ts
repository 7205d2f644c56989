import type { SessionError } from './errors.js';
import type { Config } from './options.js';
import type { SessionStore, StoredSession } from './session-store.js';
import type { SessionTokens } from './session-tokens.js';
import type { Tabs } from './tabs.js';
import type { Timer } from './timer.js';
import type { Activity } from './activity.js';
import type { ServerCheck } from './server-check.js';
import type { AuthResult, BackendContext, LogoutReason, SessionEventDetails, SessionEventName, SessionState, SessionUser } from './types.js';

/** Where a session being taken in comes from. */
export type AdoptSource = 'load' | 'remote-login' | 'remote-refresh';

/** What the controller lends its modules: its state, tokens and transitions. Internal. */
export interface SessionHost {
  readonly config: Readonly<Config>;
  readonly state: SessionState;
  readonly store: SessionStore;
  readonly tokens: SessionTokens;
  /** Joined by `start()`. */
  tabs?: Tabs;
  // The modules: set once by the controller right after the host is made (they need the host first).
  check: ServerCheck;
  activity: Activity;
  timer: Timer;
  readonly disposed: boolean;
  /** A check made now that says, later, whether a sign-in, sign-out or dispose came since: an answer to a request made before is stale. */
  staleGuard(): () => boolean;
  /** Starts a sign-in: every answer to an earlier request is stale from now on. Returns the new guard. */
  supersede(): () => boolean;
  set(patch: Partial<SessionState>): void;
  report(error: SessionError): void;
  context(signal?: AbortSignal, strategy?: string): BackendContext;
  /** A fresh login or refresh answer from the server; throws a typed error if it is not acceptable. */
  accept(result: AuthResult, kind: 'login' | 'refresh'): Promise<void>;
  /** Takes a stored, handed-over or broadcast session; false (state untouched) if it is unusable. */
  adopt(s: StoredSession, source: AdoptSource): Promise<boolean>;
  signOut(reason: LogoutReason, remote?: boolean): void;
  emit<K extends SessionEventName>(type: K, detail: SessionEventDetails[K], cancelable?: boolean): void;
  emitLogin(user: SessionUser | null, remote: boolean, previous: SessionUser | null): void;
  /** Refreshes the token (see `Renewal`, loaded for backends with `refresh`); false when it did not. */
  renew(force: boolean): Promise<boolean>;
  /** Writes the current session to storage. */
  persist(): Promise<void>;
}
