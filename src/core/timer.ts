import { deadlines, refreshLead, type Marks, type Timing } from './deadlines.js';
import { SECONDS } from './options.js';
import type { SessionHost } from './session-host.js';

/** The longest the timer is set for: timers in throttled tabs and on sleeping machines run late. */
export const BACKSTOP = 30_000;

/**
 * The one timer of a session: looks at every deadline (see `deadlines`) by the absolute clock,
 * acts on what is due, and arms itself for the earliest next one, within the backstop.
 */
export class Timer {
  #id?: ReturnType<typeof setTimeout>;
  #host: SessionHost;
  #timing: Timing;

  constructor(host: SessionHost) {
    this.#host = host;
    this.#timing = Object.fromEntries(SECONDS.map((k) => [k, host.config[k] * 1000])) as unknown as Timing;
  }

  #marks(): Marks {
    const { activity, check, tokens, tabs, config } = this.#host;
    return {
      lastActivity: activity.last, lastCheck: check.last, retryAt: check.retryAt, lifetime: tokens.lifetime, leader: !!tabs?.leader,
      canRenew: !!tokens.refreshToken || config.transport === 'cookie', renewalRefused: !!check.refused,
    };
  }

  /** Whether the token is within its refresh window. */
  refreshDue() {
    const at = this.#host.state.expiresAt;
    return at !== null && Date.now() >= at - refreshLead(this.#timing, this.#marks());
  }

  /** Acts on whatever is due; safe to call at any moment, any number of times. */
  tick() {
    const host = this.#host;
    if (host.disposed) return;
    const s = host.state;
    const due = deadlines(s, this.#timing, this.#marks(), Date.now());
    if (due.end) {
      const ctx = host.context();
      host.signOut(due.end);
      // Idle sign-out tells the server once: the leader does it (every tab signs out locally anyway).
      if (due.end === 'idle' && host.tabs?.leader) void host.config.backend.logout(ctx).catch(() => {});
      return;
    }
    if (due.warning?.kind !== s.warning?.kind || due.warning?.endsAt !== s.warning?.endsAt) {
      host.set({ warning: due.warning });
      if (due.warning) host.emit('session-expiring', { ...due.warning }, true);
    }
    if (due.refresh || due.retry === 'refresh') void host.renew(false);
    if (due.check || due.retry === 'check') void host.check.run();
    this.schedule();
  }

  /** Arms the timer for the next deadline (or the backstop); none when nothing is watched. */
  schedule() {
    this.clear();
    if (this.#host.disposed) return;
    const now = Date.now();
    const { next, watch } = deadlines(this.#host.state, this.#timing, this.#marks(), now);
    if (watch) this.#id = setTimeout(() => this.tick(), Math.min(next ?? Infinity, now + BACKSTOP) - now);
  }

  clear() {
    clearTimeout(this.#id);
  }
}
