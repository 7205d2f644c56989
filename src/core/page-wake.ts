import { getDocument, getWindow, listen } from './runtime.js';

/**
 * Throttled or frozen tabs and slept machines skip timers: focus, pageshow, becoming visible,
 * resume and online all mean "look at the clock again". `online` also gets its own callback
 * (a retry is worth trying at once). Returns the release.
 */
export function onPageWake(wake: () => void, online: () => void): () => void {
  const win = getWindow();
  const doc = getDocument();
  const offs = [
    listen(win, 'focus', wake),
    listen(win, 'pageshow', wake),
    listen(doc, 'visibilitychange', () => doc!.visibilityState === 'visible' && wake()),
    listen(doc, 'resume', wake),
    listen(win, 'online', () => {
      online();
      wake();
    }),
  ];
  return () => offs.forEach((off) => off());
}
