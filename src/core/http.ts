import { SessionError } from './errors.js';
import type { BackendContext, HttpResult } from './types.js';

/**
 * fetch with a timeout, typed errors and a tolerant JSON reader. Network failures become
 * `network`, a timeout `timeout`; HTML or empty bodies give `data: null` and the caller decides.
 * The timer is a plain setTimeout (not AbortSignal.timeout) so fake timers can drive it in tests.
 */
export async function request(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HttpResult> {
  const ctrl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctrl.abort();
  }, timeoutMs);
  const onAbort = () => ctrl.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort);
  try {
    if (signal?.aborted) throw signal.reason;
    const res = await fetch(url, { ...init, signal: ctrl.signal });
    const text = await res.text();
    let data: unknown = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        // HTML error pages and proxies' bodies are not JSON: leave data null. A text/plain body
        // is the server's message in its own words (e.g. a body parser's 400): keep it as text.
        if (/^text\/plain/i.test(res.headers.get('content-type') ?? '')) data = text;
      }
    }
    return { status: res.status, ok: res.ok, data, headers: res.headers };
  } catch (e) {
    if (timedOut) throw new SessionError('timeout', `Request to ${stripQuery(url)} timed out after ${timeoutMs} ms`);
    if (signal?.aborted) throw signal.reason;
    throw new SessionError('network', `Could not reach ${stripQuery(url)} (offline, down, or CORS)`, undefined, { cause: e });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * A sign-out's context: its requests outlive the page (`keepalive`) and never wait behind another
 * request for the same URL in the HTTP cache, nor come from it (`no-store`).
 */
export const leaving = (ctx: BackendContext): BackendContext => ({ ...ctx, request: (url, init) => ctx.request(url, { ...init, keepalive: true, cache: 'no-store' }) });

const stripQuery = (url: string) => url.split('?')[0];

/** The server's own words for an error response, if it sent any, as plain text (OAuth's `error_description` first). */
export function serverMessage(data: any): string | undefined {
  if (typeof data === 'string') return data.trim().slice(0, 300) || undefined;
  const said = [data?.error_description, data?.error, data?.message].map((v) => (typeof v === 'string' ? v || undefined : v?.message)).find((v) => typeof v === 'string');
  return said?.slice(0, 300);
}

/** Maps a failed response to a typed error: 5xx are `server`, other statuses `fallback`. */
export function httpError(res: HttpResult, fallback: 'invalid-credentials' | 'server', what: string): SessionError {
  if (res.status >= 500 || res.status < 400) {
    return new SessionError('server', `${what} failed: the server answered ${res.status}`, res.status);
  }
  return new SessionError(fallback, serverMessage(res.data) ?? `${what} failed (${res.status})`, res.status);
}

/** Requires a JSON object body; anything else (HTML, empty, an array) is a `server` error. */
export function jsonObject(res: HttpResult, what: string): Record<string, any> {
  if (!res.data || typeof res.data !== 'object' || Array.isArray(res.data)) {
    throw new SessionError('server', `${what}: the server's answer was not the expected JSON`, res.status);
  }
  return res.data;
}

/** A 401 `{"error":"session_revoked"}`: the server ended this session (the `session-elements/bknd` plugin). */
export const isRevoked = (status: number, data: any) => status === 401 && data?.error === 'session_revoked';
