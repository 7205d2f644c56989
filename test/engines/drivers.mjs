// One small driver API over the three engines, for the multi-tab tests that run in all of them:
//   const browser = await launchEngine('webkit');
//   const context = await browser.newContext();      // its own storage, cookies, BroadcastChannel
//   const tab = await context.newTab(url);           // tabs of one context share all of that
//   await tab.eval((arg) => …, arg);                 // JSON in, JSON out (awaits a returned promise)
//   await tab.press('Tab'); await tab.type('text');  // real key input to the focused element
//   await context.close(); await browser.close();
// Chromium: playwright-core. Firefox: puppeteer-core over WebDriver BiDi. WebKit: WebDriver classic
// (test/engines/webdriver.mjs), where a context is a MiniBrowser session and a tab a window handle.
import { chromium } from 'playwright-core';
import * as puppeteer from 'puppeteer-core';
import { chromiumOptions } from '../dev-server.mjs';
import { ENGINES, firefoxPath } from './launchers.mjs';
import { startWebKitDriver } from './webdriver.mjs';

export { ENGINES };

/** Launches `engine` (one of ENGINES). */
export async function launchEngine(engine) {
  if (engine === 'chromium') return playwrightBrowser(await chromium.launch({ ...chromiumOptions, headless: true }));
  if (engine === 'firefox') return puppeteerBrowser(await puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath, headless: true }));
  if (engine === 'webkit') return webdriverBrowser(await startWebKitDriver());
  throw new Error(`unknown engine ${JSON.stringify(engine)}; one of ${ENGINES.join(', ')}`);
}

function playwrightBrowser(browser) {
  return {
    version: browser.version(),
    async newContext() {
      const context = await browser.newContext();
      return {
        async newTab(url) {
          const page = await context.newPage();
          await page.goto(url);
          return {
            goto: (u) => page.goto(u).then(() => {}),
            eval: (fn, arg) => page.evaluate(fn, arg),
            press: (key) => page.keyboard.press(key),
            type: (text) => page.keyboard.type(text),
          };
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

function puppeteerBrowser(browser) {
  return {
    version: null,
    async newContext() {
      const context = await browser.createBrowserContext();
      return {
        async newTab(url) {
          const page = await context.newPage();
          await page.goto(url);
          // Input to a background tab hangs in puppeteer: the tab comes to the front first.
          const front = () => page.bringToFront();
          return {
            goto: (u) => page.goto(u).then(() => {}),
            eval: (fn, arg) => page.evaluate(fn, arg),
            press: async (key) => {
              await front();
              const keys = key.length > 1 ? key.split('+') : [key];
              const last = keys.pop();
              for (const k of keys) await page.keyboard.down(k);
              await page.keyboard.press(last);
              for (const k of keys.reverse()) await page.keyboard.up(k);
            },
            type: async (text) => {
              await front();
              await page.keyboard.type(text);
            },
          };
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/**
 * WebDriver classic has one current window per session: each tab switches to its window before a
 * command. Script results come back through execute/async, so a returned promise is awaited.
 */
function webdriverBrowser(driver) {
  return {
    version: null,
    async newContext() {
      const s = await driver.newSession();
      let current = await s.cmd('GET', '/window');
      let first = true; // the session's own window is the first tab
      const use = async (handle) => {
        if (current !== handle) await s.cmd('POST', '/window', { handle });
        current = handle;
      };
      return {
        async newTab(url) {
          const handle = first ? current : (await s.cmd('POST', '/window/new', { type: 'tab' })).handle;
          first = false;
          const tab = {
            async goto(u) {
              await use(handle);
              await s.cmd('POST', '/url', { url: u });
              // WebKitWebDriver can answer at "interactive", before module scripts ran: wait for "complete".
              for (let i = 0; (await s.cmd('POST', '/execute/sync', { script: 'return document.readyState', args: [] })) !== 'complete'; i++) {
                if (i > 400) throw new Error(`${u} did not finish loading`);
                await new Promise((r) => setTimeout(r, 25));
              }
            },
            async eval(fn, arg) {
              await use(handle);
              const script = `const [arg, done] = arguments;
                Promise.resolve().then(() => (${fn})(arg)).then((v) => done({ v: v === undefined ? null : v }), (e) => done({ e: String(e && e.message || e) }));`;
              const out = await s.cmd('POST', '/execute/async', { script, args: [arg ?? null] });
              if (out && 'e' in out) throw new Error(out.e);
              return out?.v;
            },
            async press(key) {
              await use(handle);
              await s.press(key);
            },
            async type(text) {
              await use(handle);
              for (const ch of text) await s.press(ch);
            },
          };
          await tab.goto(url);
          return tab;
        },
        close: () => s.close(),
      };
    },
    close: () => driver.stop(),
  };
}
