// Serves a built app's static files, with the real Bknd hub mounted under /api on the same origin,
// the way an app and its auth server usually share a host.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { nodeMiddleware } from '../../scripts/servers.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * Starts a server on a free port for `root`; `headers` are added to HTML responses (e.g. a CSP).
 * Unknown paths without an extension get index.html, as single-page apps expect.
 */
export async function serveApp(root, hub, { headers = {} } = {}) {
  const api = nodeMiddleware(hub);
  const server = createServer((req, res) => {
    api(req, res, () => sendFile(root, req, res, headers)).catch((e) => {
      res.writeHead(500).end(String(e));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function sendFile(root, req, res, headers) {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  let file = join(root, path);
  if (!file.startsWith(root)) return res.writeHead(403).end();
  if (await isDir(file)) file = join(file, 'index.html');
  else if (!extname(file) && !(await exists(file))) file = join(root, 'index.html');
  let body;
  try {
    body = await readFile(file);
  } catch {
    return res.writeHead(404).end('not found');
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, { 'content-type': type, ...(type.startsWith('text/html') ? headers : {}) });
  res.end(body);
}

const isDir = (f) => stat(f).then((s) => s.isDirectory(), () => false);
const exists = (f) => stat(f).then(() => true, () => false);
