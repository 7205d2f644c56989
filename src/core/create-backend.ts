import { bknd } from './backends/bknd.js';
import { refreshBackend } from './backends/refresh.js';
import type { SessionBackend } from './types.js';

/** The backends a `backend` attribute can name. */
export function createBackend(name: string, host = ''): SessionBackend | null {
  if (name === 'bknd') return bknd({ host });
  if (name === 'refresh') return refreshBackend({ host });
  return null;
}
