import type { SessionState, SessionWarning } from './types.js';

/** The settings deadlines depend on, in milliseconds. */
export interface Timing {
  refreshBefore: number;
  checkInterval: number;
  idleTimeout: number;
  warnBefore: number;
}

/** The moving parts, in `Date.now()` milliseconds. */
export interface Marks {
  lastActivity: number;
  lastCheck: number;
  /** When to try again after a failure (offline, or a refresh refused as a setup problem). */
  retryAt: number;
  /** Token lifetime (exp - iat) where known, else Infinity. */
  lifetime: number;
  /** This tab runs the periodic check and refreshes first. */
  leader: boolean;
  /** A refresh token (or cookie) is there to renew with. */
  canRenew: boolean;
  /** The last refresh was refused as a setup problem: refresh only at `retryAt`, and end at expiry. */
  renewalRefused: boolean;
}

/** What is due at `now`, and when to look again. */
export interface Due {
  /** Sign out now, and why. */
  end: 'idle' | 'expired' | null;
  warning: SessionWarning | null;
  refresh: boolean;
  check: boolean;
  /** Offline and its retry time has come: try this. */
  retry: 'refresh' | 'check' | null;
  /** The earliest deadline after `now`, or null. */
  next: number | null;
  /** Whether a timer is wanted at all (a signed-in session always has one, as a backstop). */
  watch: boolean;
}

/** How long before expiry to refresh: `refresh-before`, but never before half the token's life. */
export const refreshLead = (t: Timing, m: Marks) => Math.min(t.refreshBefore, m.lifetime / 2);

/**
 * How long before expiry to warn: `warn-before`, but at most a third of the token's lifetime, so a
 * 90 s token is not under a warning for 60 s of it. (The idle warning keeps `warn-before`: the page
 * sets both it and `idle-timeout`.)
 */
const warnLead = (warnBefore: number, lifetime: number) => Math.min(warnBefore, lifetime / 3);

/**
 * A pure function from the state, the settings and the clock to what is due: no timers, no I/O.
 * The controller acts on it and arms one timer for `next`.
 */
export function deadlines(s: SessionState, t: Timing, m: Marks, now: number): Due {
  const due: Due = { end: null, warning: null, refresh: false, check: false, retry: null, next: null, watch: false };
  const at: number[] = [];
  const lead = refreshLead(t, m);
  if (s.status === 'authenticated') {
    const idleEnd = t.idleTimeout ? m.lastActivity + t.idleTimeout : null;
    const expired = s.expiresAt !== null && now >= s.expiresAt;
    if (idleEnd !== null && now >= idleEnd) due.end = 'idle';
    else if (expired && !(s.renewable && m.canRenew && !m.renewalRefused)) due.end = 'expired';
    if (idleEnd !== null) {
      at.push(idleEnd - t.warnBefore, idleEnd);
      if (now >= idleEnd - t.warnBefore) due.warning = { kind: 'idle', endsAt: idleEnd };
    }
    if (s.expiresAt !== null) {
      // Renewable sessions warn only if renewal has not happened well before the end.
      const warnAt = s.expiresAt - warnLead(s.renewable ? Math.min(t.warnBefore, lead / 2) : t.warnBefore, m.lifetime);
      at.push(warnAt, s.expiresAt);
      if (now >= warnAt && (!due.warning || s.expiresAt < due.warning.endsAt)) due.warning = { kind: 'expiry', endsAt: s.expiresAt };
      if (s.renewable) {
        // Followers wait a little longer, so the leader's result usually reaches them first.
        const refreshAt = s.expiresAt - lead + (m.leader ? 0 : Math.min(10_000, lead / 4));
        at.push(refreshAt);
        due.refresh = now >= refreshAt && (!m.renewalRefused || now >= m.retryAt);
      }
    }
    if (m.leader && t.checkInterval) {
      at.push(m.lastCheck + t.checkInterval);
      due.check = now >= m.lastCheck + t.checkInterval && !s.offline;
    }
  }
  if (s.offline || m.renewalRefused) at.push(m.retryAt);
  if (s.offline && now >= m.retryAt) due.retry = s.renewable && s.expiresAt !== null && now >= s.expiresAt - lead ? 'refresh' : 'check';
  const future = at.filter((x) => x > now);
  due.next = future.length ? Math.min(...future) : null;
  due.watch = at.length > 0 || s.status === 'authenticated';
  return due;
}
