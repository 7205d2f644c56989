// Relative times and dates through Intl, in the element's language.
import { expect } from '@open-wc/testing';
import { dateTime, relativeTime } from '../../src/i18n/format.js';

const now = Date.UTC(2026, 11, 6, 21, 30);
const MIN = 60_000;
const rtf = (lang: string, n: number, unit: Intl.RelativeTimeFormatUnit) => new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(n, unit);

describe('relativeTime / dateTime', () => {
  it('picks the largest unit that fits, rounding at each step', () => {
    expect(relativeTime('en', now, now)).to.equal('now');
    expect(relativeTime('en', now - 30_000, now)).to.equal('30 seconds ago');
    expect(relativeTime('en', now - 59_600, now)).to.equal('1 minute ago');
    expect(relativeTime('en', now - 5 * MIN, now)).to.equal('5 minutes ago');
    expect(relativeTime('en', now + 2 * 60 * MIN, now)).to.equal('in 2 hours');
    expect(relativeTime('en', now - 24 * 60 * MIN, now)).to.equal('yesterday');
    expect(relativeTime('en', now - 3 * 7 * 24 * 60 * MIN, now)).to.equal('3 weeks ago');
    expect(relativeTime('en', now - 400 * 24 * 60 * MIN, now)).to.equal('last year');
  });

  it('in each language, as Intl writes it', () => {
    for (const lang of ['de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'ja', 'zh-CN', 'ar']) {
      expect(relativeTime(lang, now - 5 * MIN, now), lang).to.equal(rtf(lang, -5, 'minute'));
    }
    expect(relativeTime('de', now - 5 * MIN, now)).to.equal('vor 5 Minuten');
    expect(dateTime('en-GB', now)).to.equal(new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(now));
  });
});
