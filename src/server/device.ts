// A short device label ("Firefox on Windows") from the User-Agent, with bowser (MIT): a maintained
// parser, not hand-written regexes. Server-only: the browser bundle never imports this.
import Bowser from 'bowser';

export function deviceLabel(userAgent: string): string {
  if (!userAgent) return 'Unknown device';
  const { browser, os } = Bowser.parse(userAgent);
  if (browser.name && os.name) return `${browser.name} on ${os.name}`;
  return browser.name || os.name || 'Unknown device';
}
