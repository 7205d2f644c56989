/**
 * The elements' languages. Each element has a `Localize` controller and asks it for its strings:
 * the language is the host's nearest `lang` attribute as HTML defines it (up the tree, from a
 * shadow root to its host), English when there is none. English is built in; another built-in
 * language is loaded the first time an element needs it (a chunk of its own). A change of any
 * `lang` attribute, or a new translation, re-renders every connected element. Direction needs no
 * code: `dir` is inherited through shadow roots and the styles use logical properties.
 *
 * Not @shoelace-style/localize: measured, it adds 689 B gzip to the eager CDN file on its own,
 * over the 400 B budget of the whole change, and it reads only the host's own `lang` and `<html>`'s.
 */
import type { ReactiveController } from 'lit';
import { SessionError, type SessionErrorCode } from '../core/errors.js';
import { en } from './en.js';
import type { sessionsEn } from './sessions-en.js';

type Plural = `${string}.${Intl.LDMLPluralRule}`;
/** Every key a language has: the English ones (`<session-list>`'s too) and `error.<code>` for every error code. */
export type Terms = Record<Exclude<keyof typeof en, Plural> | Exclude<keyof typeof sessionsEn, '$code' | Plural> | `error.${SessionErrorCode}`, string>;
/**
 * A language for `registerTranslation`: `$code` is its BCP 47 tag (`de`, `pt-BR`), the rest are
 * any keys of `Terms`, plus plural forms (`minlengthHint.few`) where the language needs them.
 */
export type Translation = { $code: string } & Partial<Terms> & { [plural: Plural]: string };
/** A built-in language: every key. */
export type Language = Translation & Terms;
type Dict = Record<string, string | undefined>;

const table: Record<string, Dict> = { en };
const hosts = new Set<{ requestUpdate(): void }>();
const update = () => hosts.forEach((h) => h.requestUpdate());
const requested = new Set<string>();
// None in Node (server rendering): nothing changes there.
const observer = globalThis.MutationObserver && new MutationObserver(update);

/**
 * Adds languages, or changes strings of one (built in or not): a key given here wins over the
 * built-in text, whenever that loads. Every element re-renders.
 * @throws {SessionError} `config` when `$code` is not a language tag.
 */
export function registerTranslation(...translations: Translation[]): void {
  for (const t of translations) {
    let code: string;
    try {
      code = Intl.getCanonicalLocales(t.$code)[0].toLowerCase();
    } catch {
      throw new SessionError('config', `registerTranslation: $code "${t?.$code}" is not a language tag`);
    }
    table[code] = { ...table[code], ...t };
  }
  update();
}

/**
 * The strings of one element, in its language; re-renders it (`requestUpdate()`) when that
 * changes. A Lit element registers it by itself; another host calls `hostConnected()` and
 * `hostDisconnected()` itself.
 */
export class Localize<H extends Element & { requestUpdate(): void; addController?(c: ReactiveController): void }> implements ReactiveController {
  /** The host's string properties, each one not set (empty) read from its language instead. */
  readonly s: H;

  constructor(private readonly host: H) {
    host.addController?.(this);
    // A key is the property's name, so `s.emailLabel` is the attribute if set, else the translation.
    this.s = new Proxy(host, { get: (h, key) => h[key as keyof H] || this.t(key as keyof Terms) });
  }

  hostConnected() {
    hosts.add(this.host);
    // Moved under another `lang`: Lit does not render again on its own.
    this.host.requestUpdate();
  }

  hostDisconnected() {
    hosts.delete(this.host);
  }

  /** The host's language, lower case (`pt-br`); `en` where no valid `lang` is set. */
  lang(): string {
    let lang: string | null = '';
    for (let n: Node | undefined = this.host; n; n = n.parentNode ?? (n as ShadowRoot).host) {
      lang ||= (n as Element).getAttribute?.('lang');
      // Each root on the way (the document, shadow roots): a `lang` changed anywhere in it counts.
      if (!n.parentNode) observer?.observe(n, { subtree: true, attributeFilter: ['lang'] });
    }
    try {
      return Intl.getCanonicalLocales(lang || 'en')[0].toLowerCase();
    } catch {
      return 'en';
    }
  }

  /**
   * The text for `key` in the host's language, else in its primary language (`pt` for `pt-br`),
   * else English; '' when none has it. `{name}` takes `vars.name` (numbers in the language's
   * digits); a number `vars.n` picks the plural form `key.<category>` where the language has one.
   */
  t(key: keyof Terms, vars: Record<string, string | number> = {}): string {
    const lang = this.lang();
    const base = lang.split('-')[0];
    if (base != 'en' && !requested.has(base)) {
      requested.add(base);
      import('./languages.js').then((m) => m.load(base)).then(
        // Below what registerTranslation() already set for it.
        (t) => t && ((table[base] = { ...t, ...table[base] }), update()),
        // Offline or a CDN hiccup: English for now, another try at the next render.
        () => requested.delete(base),
      );
    }
    const plural = typeof vars.n == 'number' && `${key}.${new Intl.PluralRules(lang).select(vars.n)}`;
    let text: string | undefined;
    for (const code of [lang, base, 'en']) {
      const dict = table[code];
      text ??= (plural && dict?.[plural]) || dict?.[key];
    }
    return (text ?? '').replace(/\{(\w+)\}/g, (m, name: string) => vars[name]?.toLocaleString(lang) ?? m);
  }
}
