/**
 * The lookup of translations in `table` (what registerTranslation() gave, by canonical code) and
 * the built-in languages besides English, each its own chunk, loaded into `table` the first time an
 * element needs it. A chunk of its own (see ./index.ts): a page in English without translations
 * does not load it.
 */
import type { Translation } from './index.js';

type Dict = Record<string, string | undefined>;

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

/** Primary languages asked for (English is the elements' own); falsy again after a failed load, to try again. */
const requested: Record<string, unknown> = { en: 1 };

/**
 * The built-in translation for a primary language (`de`), if there is one; taken below what is
 * already there (what registerTranslation() set for it wins).
 */
export async function load(language: string, table: Record<string, Dict> = {}) {
  const t = (await BUILT_IN[language]?.())?.default;
  if (t) table[language] = { ...t, ...table[language] };
  return t;
}

/**
 * The text for `key` in `table` under `lang` (lower case), else in its primary language (`pt` for `pt-br`), else
 * in English as registered; undefined when none has it. A number `n` picks the plural form
 * `key.<category>` where the language has one. Loads the built-in language the first time, then
 * calls `update`; a failed load is tried again at the next call.
 */
export function text(table: Record<string, Dict>, lang: string, key: string, n: unknown, update: () => void): string | undefined {
  const base = lang.split('-')[0];
  // <session-expiry-warning>'s properties for the texts that <login-form> calls remoteLogoutText, revokedText.
  if (key == 'remoteLogoutMessage') key = 'remoteLogoutText';
  if (key == 'revokedMessage') key = 'revokedText';
  requested[base] ||= load(base, table).then(update, () => (requested[base] = 0));
  const plural = n != null && `${key}.${new Intl.PluralRules(lang).select(+n!)}`;
  let found: string | undefined;
  for (const dict of [table[lang], table[base], table.en]) found ||= dict?.[plural as string] || dict?.[key];
  return found;
}
