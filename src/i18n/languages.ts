/**
 * The built-in languages besides English, each its own chunk. This map is a chunk too: the file
 * names carry content hashes, which cost the eager file ~170 B gzip when listed there.
 */
import type { Translation } from './index.js';

const BUILT_IN: Record<string, () => Promise<{ default: Translation }>> = {
  ar: () => import('./ar.js'),
  de: () => import('./de.js'),
  es: () => import('./es.js'),
  fr: () => import('./fr.js'),
  it: () => import('./it.js'),
  ja: () => import('./ja.js'),
  nl: () => import('./nl.js'),
  pl: () => import('./pl.js'),
  pt: () => import('./pt.js'),
  // Simplified Chinese for every `zh` tag without a translation of its own.
  zh: () => import('./zh-CN.js'),
};

/**
 * The built-in translation for a primary language (`de`), if there is one; merged into `table`
 * below what is already there (what registerTranslation() set for it wins).
 */
export async function load(language: string, table: Record<string, Record<string, string | undefined>> = {}) {
  const t = (await BUILT_IN[language]?.())?.default;
  if (t) table[language] = { ...t, ...table[language] };
  return t;
}
