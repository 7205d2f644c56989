import { SessionError } from './errors.js';
import { bknd } from './backends/bknd.js';
import type { SessionBackend, SessionOptions, StorageAdapter } from './types.js';

/** Options after defaults and checks: what the controller runs with. */
export type Config = Required<Omit<SessionOptions, 'loginUrl' | 'jwksUrl' | 'issuer' | 'audience' | 'backend'>> &
  Pick<SessionOptions, 'loginUrl' | 'jwksUrl' | 'issuer' | 'audience'> & { backend: SessionBackend };

export const DEFAULTS = {
  storage: 'local', transport: 'header', storageKey: 'auth', strategy: 'password',
  refreshBefore: 60, checkInterval: 300, idleTimeout: 0, warnBefore: 60, requestTimeout: 10_000, fetchOrigins: '',
} as const;

/** Options given in seconds (attributes too); `0` or more. */
export const SECONDS = ['refreshBefore', 'checkInterval', 'idleTimeout', 'warnBefore'] as const;

/**
 * What `<session-provider>` reads from its properties and attributes (`storageKey` ↔ `storage-key`),
 * in one place: the provider builds its options from this list and reconfigures when one changes.
 */
export const PROVIDER_OPTIONS = [
  'host', 'backend', 'strategy', 'storage', 'transport', 'storageKey', 'refreshBefore', 'checkInterval', 'idleTimeout', 'warnBefore',
  'loginUrl', 'jwksUrl', 'issuer', 'audience', 'clientId', 'scope', 'redirectUri', 'fetchOrigins',
] as const;

const isStorageAdapter = (s: unknown): s is StorageAdapter =>
  !!s && typeof s === 'object' && ['getItem', 'setItem', 'removeItem'].every((k) => typeof (s as Record<string, unknown>)[k] === 'function');

const isBackend = (b: unknown): b is SessionBackend =>
  !!b && typeof b === 'object' && ['login', 'me', 'logout'].every((k) => typeof (b as Record<string, unknown>)[k] === 'function');

/**
 * Fills in defaults and checks every option. A bad value never throws: it is replaced by its
 * default and reported as a `config` error (emitted when the session starts).
 */
export function resolveOptions(options: SessionOptions = {}): { config: Readonly<Config>; errors: SessionError[] } {
  const errors: SessionError[] = [];
  const c: Record<string, unknown> = { ...DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) c[k] = v;
  /** Keeps the value when `ok`, else reports `message` and takes the default. */
  const check = (k: keyof typeof DEFAULTS, ok: unknown, message: string) => {
    if (ok) return;
    errors.push(new SessionError('config', message));
    c[k] = DEFAULTS[k];
  };
  for (const k of [...SECONDS, 'requestTimeout'] as const) {
    const v = c[k];
    check(k, Number.isFinite(v) && (v as number) >= 0 && !(k === 'requestTimeout' && v === 0),
      `${k} must be a number of ${k === 'requestTimeout' ? 'milliseconds above 0' : 'seconds, 0 or more'}; got ${String(v)}`);
  }
  const s = c.storage;
  check('storage', typeof s === 'string' ? ['local', 'session', 'memory'].includes(s) : isStorageAdapter(s),
    typeof s === 'string' ? `storage must be "local", "session" or "memory"; got "${s}"` : 'a custom storage must have getItem, setItem and removeItem');
  check('transport', ['header', 'cookie'].includes(c.transport as string), `transport must be "header" or "cookie"; got "${String(c.transport)}"`);
  check('storageKey', typeof c.storageKey === 'string' && c.storageKey, 'storageKey must be a non-empty string');
  // Origins only (scheme, host, port), in canonical form; anything else is dropped with an error.
  const origins: string[] = [];
  for (const o of String(c.fetchOrigins).split(/\s+/).filter(Boolean)) {
    try {
      const u = new URL(o);
      if (u.href === `${u.origin}/`) { origins.push(u.origin); continue; } // not a path, query, user or opaque origin
    } catch {
      // not a URL
    }
    errors.push(new SessionError('config', `fetch-origins: "${o}" is not an origin (https://host:port)`));
  }
  c.fetchOrigins = origins.join(' ');
  if (!isBackend(c.backend)) {
    if (c.backend !== undefined) errors.push(new SessionError('config', 'backend must be an object with login, me and logout functions'));
    c.backend = bknd();
  }
  return { config: Object.freeze(c as Config), errors };
}
