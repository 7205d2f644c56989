// The CDN build as pages load it from a CDN, for the browser tests of its chunks: its own vite build
// into a temporary directory (`npm test` runs before `npm run build` in CI) and a static server for
// those files on another origin (`localhost`, where the test pages are on `127.0.0.1`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * Builds the CDN files and serves them. `requests` logs every path asked for; `down` answers 503
 * to every request, `block` (a RegExp on the path) to those it matches; anything but a `.js` file
 * there is 404. `stop()` closes the server and removes the build.
 */
export async function startCdn(prefix = 'session-cdn-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const cdn = { dir, requests: [], down: false, block: null };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    cdn.requests.push(path);
    const down = cdn.down || !!cdn.block?.test(path);
    if (down || !/^\/[\w.-]+\.js$/.test(path)) return res.writeHead(down ? 503 : 404).end();
    let body;
    try {
      body = readFileSync(join(dir, path));
    } catch {
      return res.writeHead(404).end();
    }
    res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' }).end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  cdn.origin = `http://localhost:${server.address().port}`;
  /** The one script a CDN page needs. */
  cdn.script = `<script type="module" src="${cdn.origin}/session-elements.js"></script>`;
  /**
   * A page of a new context of `browser` whose `url` (on the test server's origin) answers `html`;
   * not opened yet (listeners first). A fulfilled page has no address, so Chromium counts it as
   * public and asks before it reaches the loopback CDN: hence the permission (a real CDN is public
   * too, where none is needed).
   */
  cdn.page = async (browser, url, html, contextOptions = {}) => {
    const context = await browser.newContext({ permissions: ['local-network-access'], ...contextOptions });
    const page = await context.newPage();
    await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    return { context, page };
  };
  /** The module requests so far, sorted, each chunk's hash (8 characters) replaced by `*`. */
  cdn.requested = () => cdn.requests.map((p) => (p === '/session-elements.js' ? p : p.replace(/^(\/.+)-[\w-]{8}\.js$/, '$1-*.js'))).sort();
  /** Whether chunk `name` (`renewal`, `zh-CN`…) was asked for. */
  cdn.asked = (name) => cdn.requests.some((p) => new RegExp(`^/${name}-[\\w-]{8}\\.js$`).test(p));
  cdn.stop = async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  };
  return cdn;
}
