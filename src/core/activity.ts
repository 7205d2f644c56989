import { getWindow, listen } from './runtime.js';

const INPUTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'];

/**
 * The user's last activity, across tabs: input listeners (only with an idle timeout), and a
 * throttled broadcast so other tabs' idle timers see it without a message per mouse move.
 */
export class Activity {
  last = 0;
  #posted = 0;
  #idleTimeout: number;
  /** The shortest gap between two broadcasts. */
  #every: number;
  #post: (at: number) => void;

  /** `idleTimeout` in seconds; `post` tells the other tabs. */
  constructor(idleTimeout: number, post: (at: number) => void) {
    this.#idleTimeout = idleTimeout;
    this.#every = Math.max(1000, Math.min(30_000, idleTimeout * 100));
    this.#post = post;
  }

  /** Listens for input while `counts()` says input counts; returns the release. */
  listen(counts: () => boolean): () => void {
    if (!this.#idleTimeout) return () => {};
    const onInput = () => counts() && this.seen(Date.now());
    const offs = INPUTS.map((type) => listen(getWindow(), type, onInput, { passive: true, capture: true }));
    return () => offs.forEach((off) => off());
  }

  seen(now: number) {
    this.last = now;
    if (now - this.#posted >= this.#every) {
      this.#posted = now;
      this.#post(now);
    }
  }

  /** "Stay signed in": activity now, already announced by the caller. */
  extended(now: number) {
    this.last = this.#posted = now;
  }

  /** Another tab's activity. */
  received(at: number) {
    this.last = Math.max(this.last, at);
  }
}
