import { SessionError } from './errors.js';
import type { StorageAdapter, StorageKind } from './types.js';

export function memoryStorage(): StorageAdapter {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
  };
}

export interface OpenedStorage {
  store: StorageAdapter;
  kind: StorageKind | 'custom';
  /** Set when the requested storage threw and memory is used instead. */
  error?: SessionError;
}

/**
 * Opens the configured storage and proves it works with a write/read/remove round trip: Safari's
 * private mode, disabled cookies and full quotas all throw somewhere in there, and a session that
 * cannot be persisted still works in memory for this tab.
 */
export async function openStorage(option: StorageKind | StorageAdapter, key: string): Promise<OpenedStorage> {
  if (option === 'memory') return { store: memoryStorage(), kind: 'memory' };
  const kind = typeof option === 'string' ? option : 'custom';
  try {
    // `localStorage` or `sessionStorage` (memory was handled above).
    const store = typeof option === 'string' ? globalThis[`${option}Storage`] : option;
    if (!store) throw new Error(`${kind}Storage is not available here`);
    const probe = `${key}:probe`;
    await store.setItem(probe, '1');
    if ((await store.getItem(probe)) !== '1') throw new Error('a written value did not read back');
    await store.removeItem(probe);
    return { store, kind };
  } catch (e) {
    return {
      store: memoryStorage(),
      kind: 'memory',
      error: new SessionError('storage-unavailable', `Storage "${kind}" is unavailable (${(e as Error)?.message ?? e}); the session is kept in memory for this tab only`, undefined, { cause: e }),
    };
  }
}
