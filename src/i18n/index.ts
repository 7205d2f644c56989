/**
 * The elements' languages. Each element has a `Localize` controller and asks it for its strings:
 * the language is the host's nearest `lang` attribute as HTML defines it (up the tree, from a
 * shadow root to its host), English when there is none. English is built in (the elements' own
 * defaults); another built-in
 * language is loaded the first time an element needs it (a chunk of its own). A change of any
 * `lang` attribute, or a new translation, re-renders every connected element. Direction needs no
 * code: `dir` is inherited through shadow roots and the styles use logical properties.
 *
 * Not @shoelace-style/localize: measured, it adds 689 B gzip to the eager CDN file on its own,
 * over the 400 B budget of the whole change, and it reads only the host's own `lang` and `<html>`'s.
 */
import type { ReactiveController } from 'lit';
import { SessionError, type SessionErrorCode } from '../core/errors.js';
import type { en } from './en.js';
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

const hosts = new Set<{ requestUpdate(): void }>();
const update = () => hosts.forEach((h) => h.requestUpdate());
// None in Node (server rendering): nothing changes there.
const observer = globalThis.MutationObserver && new MutationObserver(update);
/** `tag` canonical and lower case (`pt-br`); undefined when it is not a language tag. */
const canonical = (tag: unknown) => {
  try {
    return Intl.getCanonicalLocales(tag as string)[0].toLowerCase();
  } catch {
    return undefined;
  }
};

// The translations and their lookup are a chunk of their own (./languages.ts), loaded the first time
// an element is in another language than English or a translation is registered: an English page
// without translations never loads it. Until it is there, the elements show English.
let languages: typeof import('./languages.js') | undefined;
let loading: unknown;
/** Registered translations by canonical code; the chunk adds the built-in ones below them. */
const table: Record<string, Dict> = {};
function load(): undefined {
  // Offline or a CDN hiccup: another try at the next render.
  if (languages) update();
  else loading ||= import('./languages.js').then((m) => ((languages = m), update()), () => (loading = 0));
}

/**
 * Adds languages, or changes strings of one (built in or not): a key given here wins over the
 * built-in text, whenever that loads. Every element re-renders.
 * @throws {SessionError} `config` when `$code` is not a language tag.
 */
export function registerTranslation(...translations: Translation[]): void {
  for (const t of translations) {
    const code = canonical(t?.$code);
    if (!code) throw new SessionError('config', `registerTranslation: $code "${t?.$code}" is not a language tag`);
    table[code] = { ...table[code], ...t };
  }
  load();
}

/**
 * The strings of one element, in its language; re-renders it (`requestUpdate()`) when that
 * changes. A Lit element registers it by itself; another host calls `hostConnected()` and
 * `hostDisconnected()` itself.
 */
export class Localize<H extends Element & { requestUpdate(): void; addController?(c: ReactiveController): void }> implements ReactiveController {
  /** The host's string properties, each one read in its language unless set to another text. */
  readonly s: H;
  /** The host's properties as made: their English defaults. */
  private readonly en: Dict = {};

  /** Made as the host's last field, so that its properties still hold their defaults. */
  constructor(private readonly host: H) {
    host.addController?.(this);
    for (const key in (host.constructor as { properties?: object }).properties) this.en[key] = host[key as keyof H] as string;
    // A key is the property's name: `s.emailLabel` is `t('emailLabel')`.
    this.s = new Proxy(host, { get: (_, key) => this.t(key as keyof Terms) });
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
    return canonical(lang || 'en') || 'en';
  }

  /**
   * The text for `key`: the host's property of that name where it is set to another text than its
   * default (an attribute wins), else the language's (see ./languages.ts), else `en` (the
   * property's default); '' when none has it. `{name}` takes `vars.name` (numbers in the
   * language's digits); a number `vars.n` picks the plural form `key.<category>` where the
   * language has one.
   */
  t(key: keyof Terms, vars: Record<string, string | number> = {}, en = this.en[key]): string {
    const lang = this.lang();
    const own = this.host[key as keyof H] as string | null | undefined;
    const text = (own != en && own) || (languages ? languages.text(table, lang, key, vars.n, update) : lang != 'en' && load()) || en || '';
    return text.replace(/\{(\w+)\}/g, (m, name: string) => vars[name]?.toLocaleString(lang) ?? m);
  }
}
