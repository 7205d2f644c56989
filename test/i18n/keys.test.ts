// Every built-in language has exactly the keys of English (with <session-list>'s and one per error
// code), the same placeholders, and plural forms only of categories the language has.
import { expect } from '@open-wc/testing';
import type { SessionErrorCode } from '../../src/core/errors.js';
import '../../src/index.js';
import { en } from '../../src/i18n/en.js';
import { load, text } from '../../src/i18n/languages.js';
import { sessionsEn } from '../../src/i18n/sessions-en.js';
import ar from '../../src/i18n/ar.js';
import de from '../../src/i18n/de.js';
import es from '../../src/i18n/es.js';
import fr from '../../src/i18n/fr.js';
import it_ from '../../src/i18n/it.js';
import ja from '../../src/i18n/ja.js';
import nl from '../../src/i18n/nl.js';
import pl from '../../src/i18n/pl.js';
import pt from '../../src/i18n/pt.js';
import zhCN from '../../src/i18n/zh-CN.js';

// `satisfies` makes the compiler fail when a code is added to SessionErrorCode and not here.
const CODES = Object.keys({
  'invalid-credentials': 1, 'account-exists': 1, 'wrong-user': 1, 'registration-closed': 1, 'cookie-blocked': 1, network: 1, timeout: 1,
  server: 1, 'invalid-token': 1, 'storage-unavailable': 1, 'unsupported-browser': 1, config: 1,
} satisfies Record<SessionErrorCode, 1>);
const PLURAL = /\.(zero|one|two|few|many|other)$/;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** The English text of every key (error texts have no placeholders: an empty string stands in). */
const reference: Record<string, string> = { ...en, ...sessionsEn, ...Object.fromEntries(CODES.map((c) => [`error.${c}`, ''])) };
delete reference.$code;
const baseKeys = Object.keys(reference).filter((k) => !PLURAL.test(k)).sort();
const LANGUAGES = { ar, de, es, fr, it: it_, ja, nl, pl, pt, 'zh-CN': zhCN } as Record<string, Record<string, string>>;

/** What is wrong with one language, as readable lines (empty: nothing). */
function problems(code: string, t: Record<string, string>): string[] {
  const out: string[] = [];
  if (t.$code !== code) out.push(`$code is "${t.$code}", not "${code}"`);
  const keys = Object.keys(t).filter((k) => k !== '$code');
  const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories as string[];
  for (const k of baseKeys) if (!(k in t)) out.push(`missing key ${k}`);
  for (const k of keys) {
    const base = k.replace(PLURAL, '');
    if (!(base in reference)) out.push(`extra key ${k}`);
    else if (typeof t[k] !== 'string' || !t[k].trim() || t[k] !== t[k].trim()) out.push(`${k} is empty or padded`);
    else if (k !== base) {
      if (!categories.includes(k.slice(base.length + 1))) out.push(`${k}: ${code} has no plural category "${k.slice(base.length + 1)}"`);
      // A plural form may spell the number out ("حرفان"), never use a placeholder the key lacks.
      const extra = placeholders(t[k]).filter((p) => !placeholders(reference[base]).includes(p));
      if (extra.length) out.push(`${k} has placeholders ${extra} that ${base} has not`);
    } else if (placeholders(t[k]).join() !== placeholders(reference[k]).join()) {
      out.push(`${k} has placeholders {${placeholders(t[k])}}, English {${placeholders(reference[k])}}`);
    }
  }
  return out;
}

describe('translations: keys and placeholders', () => {
  for (const [code, t] of Object.entries(LANGUAGES)) {
    it(`${code}: every key, no extra key, the same placeholders, real plural categories`, () => {
      expect(problems(code, t)).to.deep.equal([]);
    });
  }

  it('English (the eager strings and <session-list>\'s) passes the same checks; its error texts are the errors\' own messages', () => {
    expect(problems('en', { ...en, ...sessionsEn }).filter((p) => !p.startsWith('missing key error.'))).to.deep.equal([]);
  });

  it('the checker catches a missing key, an extra key, a placeholder mismatch and a made-up plural form', () => {
    const broken = { ...de, 'sessions.sign-out-session-label': 'Abmelden', 'form.color': 'Farbe', 'minlengthHint.few': 'Mindestens {n} Zeichen.' } as Record<string, string>;
    delete broken.emailLabel;
    expect(problems('de', broken)).to.have.members([
      'missing key emailLabel',
      'extra key form.color',
      'sessions.sign-out-session-label has placeholders {}, English {device}',
      'minlengthHint.few: de has no plural category "few"',
    ]);
  });

  it('English is the elements\' own defaults: every property named after a key holds its English text', () => {
    const checked: string[] = [];
    for (const tag of ['login-form', 'session-expiry-warning', 'session-guard', 'login-button', 'logout-button']) {
      const el = document.createElement(tag) as unknown as Record<string, unknown>;
      for (const key of Object.keys(en)) if (key in el) checked.push(key), expect(el[key], `${tag}.${key}`).to.equal(en[key as keyof typeof en]);
    }
    // The rest are English texts given where they are used (a key that is not the host's property).
    expect(Object.keys(en).filter((k) => !checked.includes(k)).sort()).to.deep.equal(['continueWith', 'createAccount', 'signIn', 'singleSignOn']);
  });

  it('the lookup: region to its language, registered over built in, plural forms, English last, the warning\'s remoteLogoutMessage as remoteLogoutText', async () => {
    const table: Record<string, Record<string, string | undefined>> = { pl: { signIn: 'Wejdź' }, en: { closeLabel: 'Dismiss' } };
    await load('pl', table);
    const t = (lang: string, key: string, n?: number) => text(table, lang, key, n, () => {});
    expect(t('pl-pl', 'passwordLabel')).to.equal(pl.passwordLabel);
    expect(t('pl', 'signIn')).to.equal('Wejdź');
    // 3: the form `few`; 12 (`many`, which Polish leaves to the plain key): the plain key.
    expect([t('pl', 'minlengthHint', 3), t('pl', 'minlengthHint', 12)]).to.deep.equal([(pl as Record<string, string>)['minlengthHint.few'], pl.minlengthHint]);
    expect(t('pl', 'remoteLogoutMessage')).to.equal(pl.remoteLogoutText);
    expect(t('sv', 'closeLabel')).to.equal('Dismiss');
    expect(t('sv', 'signIn')).to.equal(undefined);
  });

  it('each built-in language is listed for loading under its primary language (zh: zh-CN)', async () => {
    for (const [code, t] of Object.entries(LANGUAGES)) expect(await load(code.split('-')[0])).to.equal(t);
    expect(await load('sv')).to.equal(undefined);
  });
});
