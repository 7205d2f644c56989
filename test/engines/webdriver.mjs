// A minimal WebDriver classic client (plain fetch) for WebKitWebDriver driving MiniBrowser, WebKitGTK's
// test browser: Safari's engines (JavaScriptCore, WebCore) on Linux. Used by the web-test-runner
// launcher and the multi-tab tests. Every process it starts is stopped by its PID.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { startXvfb } from './xvfb.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** MiniBrowser ships inside libwebkit2gtk-4.1-0 under the multiarch lib directory. */
export function miniBrowserPath() {
  if (process.env.MINIBROWSER_PATH) return process.env.MINIBROWSER_PATH;
  for (const dir of readdirSync('/usr/lib')) {
    const p = `/usr/lib/${dir}/webkit2gtk-4.1/MiniBrowser`;
    if (existsSync(p)) return p;
  }
  throw new Error('MiniBrowser not found: install webkit2gtk-driver (it brings libwebkit2gtk-4.1-0)');
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer().once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** WebDriver's codes for the key names web-test-runner's sendKeys and our tests use. */
const KEYS = { Enter: '\uE007', Tab: '\uE004', Escape: '\uE00C', End: '\uE010', Home: '\uE011', Backspace: '\uE003', Shift: '\uE008', Space: ' ', ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015' };
/** 'Shift+Tab' or 'a' as a key-down/key-up sequence (modifiers held around the last key). */
export function keyActions(key) {
  const parts = key.length > 1 && key.includes('+') ? key.split('+') : [key];
  const codes = parts.map((k) => KEYS[k] ?? (k.length === 1 ? k : null));
  if (codes.includes(null)) throw new Error(`unknown key ${JSON.stringify(key)}`);
  return [...codes.map((value) => ({ type: 'keyDown', value })), ...codes.reverse().map((value) => ({ type: 'keyUp', value }))];
}

/**
 * Starts Xvfb and WebKitWebDriver. `newSession()` opens a MiniBrowser (one at a time: a fresh one is
 * a fresh profile, so it doubles as a new browser context); `stop()` ends the session, the driver
 * and Xvfb, each by its PID.
 */
export async function startWebKitDriver({ pageLoadTimeout = 60000 } = {}) {
  const xvfb = await startXvfb();
  let driver;
  const stopDriver = async () => {
    if (driver && driver.exitCode === null && driver.signalCode === null) {
      const gone = new Promise((r) => driver.once('exit', r));
      process.kill(driver.pid, 'SIGTERM');
      await gone;
    }
  };
  try {
    const port = await freePort();
    driver = spawn('WebKitWebDriver', [`--port=${port}`, '--host=127.0.0.1'], { stdio: 'ignore', env: { ...process.env, DISPLAY: xvfb.display } });
    const spawned = new Promise((_, reject) => driver.once('error', reject));
    const base = `http://127.0.0.1:${port}`;
    const raw = async (method, path, body) => {
      const res = await Promise.race([spawned, fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })]);
      const json = await res.json();
      if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.error}: ${json.value?.message}`);
      return json.value;
    };
    for (let i = 0; ; i++) {
      try {
        if ((await raw('GET', '/status')).ready) break;
      } catch (e) {
        if (i >= 100) throw new Error(`WebKitWebDriver did not start: ${e.message}`);
      }
      await sleep(50);
    }
    let current;
    const newSession = async () => {
      await current?.close();
      const created = await raw('POST', '/session', {
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation'] },
            timeouts: { pageLoad: pageLoadTimeout, script: 30000 },
          },
        },
      });
      const path = `/session/${created.sessionId}`;
      const cmd = (method, sub = '', body) => raw(method, path + sub, body);
      let closed = false;
      const session = {
        version: created.capabilities.browserVersion,
        cmd,
        /** Presses `key` ('Tab', 'Shift+Tab', 'a') in the focused element of the current window. */
        press: (key) => cmd('POST', '/actions', { actions: [{ type: 'key', id: 'kb', actions: keyActions(key) }] }),
        async close() {
          if (closed) return;
          closed = true;
          if (current === session) current = undefined;
          await raw('DELETE', path).catch(() => {}); // the browser may already be gone
        },
      };
      return (current = session);
    };
    return {
      display: xvfb.display,
      newSession,
      async stop() {
        await current?.close();
        await stopDriver();
        await xvfb.stop();
      },
    };
  } catch (e) {
    await stopDriver();
    await xvfb.stop();
    throw e;
  }
}

/** Xvfb, the driver and one MiniBrowser session; the session's `stop()` ends all three. */
export async function startWebKit(options) {
  const driver = await startWebKitDriver(options);
  try {
    const session = await driver.newSession();
    return { ...session, stop: () => driver.stop() };
  } catch (e) {
    await driver.stop();
    throw e;
  }
}
