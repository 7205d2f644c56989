/**
 * Times for people, through Intl in the element's language (`Localize.lang()`). Only what imports
 * them pays for them (`<session-list>`, a lazy chunk).
 */
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [['second', 60], ['minute', 60], ['hour', 24], ['day', 7], ['week', 4.35], ['month', 12], ['year', Infinity]];

/** `time` (ms since the epoch) relative to `now` in the largest unit that fits: "5 minutes ago", "in 2 hours", "yesterday". */
export function relativeTime(lang: string, time: number, now = Date.now()): string {
  let delta = (time - now) / 1000;
  let i = 0;
  // Rounded at each step, so 59.6 seconds is "1 minute ago", not "60 seconds ago".
  while (Math.abs(Math.round(delta)) >= UNITS[i][1]) delta /= UNITS[i++][1];
  return new Intl.RelativeTimeFormat(lang, { numeric: 'auto' }).format(Math.round(delta), UNITS[i][0]);
}

/** A date and time as the language writes it: "6 Dec 2026, 21:30". */
export const dateTime = (lang: string, time: number): string => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
