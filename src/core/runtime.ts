/** Small helpers over what the browser provides; nothing here runs at import (Node and SSR import the core). */
import { SessionError } from './errors.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Adds a listener and returns its release; a missing target (Node) adds nothing. */
export function listen(target: EventTarget | undefined, type: string, fn: (e: Event) => void, options?: AddEventListenerOptions): () => void {
  if (!target?.addEventListener) return () => {};
  target.addEventListener(type, fn, options);
  return () => target.removeEventListener(type, fn, options);
}

export const getWindow = (): Window | undefined => (typeof window === 'undefined' ? undefined : window);
export const getDocument = (): Document | undefined => (typeof document === 'undefined' ? undefined : document);

/** A dynamic import made once; one that failed (offline before it arrived) is tried again on the next call. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load().catch((e) => {
    loaded = undefined;
    throw e;
  }));
}

/** A sibling chunk made once by `once`; one that cannot load (offline, the CDN down) is a `network` error naming it. */
export const chunk = <T>(load: () => Promise<T>, what: string) => once(() => load().catch((cause) => {
  throw new SessionError('network', `Could not load the ${what} module (a sibling chunk)`, undefined, { cause });
}));
