// web-test-runner launchers for the three engines, all with browsers Debian installs (none downloaded):
// - chromium: playwright-core driving /usr/bin/chromium (the default run, unchanged);
// - firefox: @web/test-runner-chrome's ChromeLauncher with puppeteer-core 24, which speaks WebDriver
//   BiDi to /usr/bin/firefox-esr (no geckodriver);
// - webkit: WebKitLauncher below, WebDriver classic to WebKitWebDriver + MiniBrowser under a private Xvfb.
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromeLauncher } from '@web/test-runner-chrome';
import * as puppeteer from 'puppeteer-core';
import { chromiumOptions } from '../dev-server.mjs';
import { startWebKit } from './webdriver.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];
export const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * web-test-runner's BrowserLauncher over WebDriver classic: one MiniBrowser window, each test file
 * loaded into it in turn (so concurrency 1). `type: 'webdriver'` makes the stock sendKeys command
 * call `sendKeys()` here.
 */
export class WebKitLauncher {
  name = 'WebKit';
  type = 'webdriver';
  concurrency = 1;
  #wk;
  #starting;
  #active = new Map(); // sessionId -> url

  async initialize() {}

  #browser() {
    this.#starting ??= startWebKit().then((wk) => (this.#wk = wk));
    return this.#starting;
  }

  async stop() {
    await this.#starting?.catch(() => {});
    await this.#wk?.stop();
  }

  async startSession(sessionId, url) {
    const wk = await this.#browser();
    this.#active.set(sessionId, url);
    await wk.cmd('POST', '/url', { url });
  }

  isActive(sessionId) {
    return this.#active.has(sessionId);
  }

  async getBrowserUrl() {
    return this.#wk?.cmd('GET', '/url').catch(() => undefined);
  }

  async stopSession(sessionId) {
    this.#active.delete(sessionId);
    // A blank page stops the file's timers and sockets before the next file loads.
    await this.#wk.cmd('POST', '/url', { url: 'about:blank' });
    return {};
  }

  startDebugSession() {
    throw new Error('WebKitLauncher has no debug mode');
  }

  /** Called by @web/test-runner-commands' sendKeys: `keys` is ['Tab'] for press, characters for type. */
  async sendKeys(_sessionId, keys) {
    for (const key of keys) await this.#wk.press(key);
  }
}

/**
 * Playwright's key names allow chords ('Shift+Tab'), which the tests use; puppeteer's press() takes
 * one key, so a chord becomes modifiers held around the last key.
 */
function withChords(page) {
  const { keyboard } = page;
  const press = keyboard.press.bind(keyboard);
  keyboard.press = async (key, options) => {
    const keys = key.length > 1 ? key.split('+') : [key];
    const last = keys.pop();
    for (const k of keys) await keyboard.down(k);
    await press(last, options);
    for (const k of keys.reverse()) await keyboard.up(k);
  };
  return page;
}

/** The launcher for `engine` (one of ENGINES). */
export function engineLauncher(engine) {
  switch (engine) {
    case 'chromium':
      return playwrightLauncher({ product: 'chromium', launchOptions: chromiumOptions });
    case 'firefox':
      return chromeLauncher({
        puppeteer,
        launchOptions: { browser: 'firefox', executablePath: firefoxPath, headless: true },
        createPage: async ({ context }) => withChords(await context.newPage()),
      });
    case 'webkit':
      return new WebKitLauncher();
    default:
      throw new Error(`WTR_ENGINE must be one of ${ENGINES.join(', ')}, got ${JSON.stringify(engine)}`);
  }
}
