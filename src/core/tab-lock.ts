/**
 * Cross-tab coordination with Web Locks: a leader lock (held by one tab until it closes, so only
 * that tab runs the periodic check) and a mutex for refreshes (so two tabs never spend the same
 * refresh token). Where Web Locks are missing every tab leads and the mutex is a no-op; callers
 * re-check shared state inside it, so that only costs duplicate requests, never a sign-out.
 */
export class TabLock {
  #name: string;
  #abort = new AbortController();
  #locks = (globalThis.navigator as Navigator | undefined)?.locks;

  constructor(name: string) {
    this.#name = name;
  }

  get available() {
    return !!this.#locks;
  }

  /** Calls `onLead` once this tab becomes the leader; leadership ends with `release()`. */
  lead(onLead: () => void) {
    if (!this.#locks) return onLead();
    this.#locks
      .request(`${this.#name}:leader`, { signal: this.#abort.signal }, () => {
        onLead();
        return new Promise<void>((resolve) => this.#abort.signal.addEventListener('abort', () => resolve()));
      })
      .catch(() => {}); // aborted by release()
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.#locks) return fn();
    return this.#locks.request(`${this.#name}:mutex`, { signal: this.#abort.signal }, fn) as Promise<T>;
  }

  release() {
    this.#abort.abort();
  }
}
