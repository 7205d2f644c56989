// Broken authorization servers for the bad-input tests: each path prefix is an "issuer" whose
// discovery document or token endpoint answers one specific wrong thing. (Everything a correct
// server does is tested against the real oidc-provider instead.)
import { createServer } from 'node:http';

const tokenAnswers = {
  'no-access-token': [200, { 'content-type': 'application/json' }, JSON.stringify({ token_type: 'Bearer', expires_in: 60 })],
  'invalid-grant': [400, { 'content-type': 'application/json' }, JSON.stringify({ error: 'invalid_grant', error_description: 'grant request is invalid' })],
  'invalid-client': [400, { 'content-type': 'application/json' }, JSON.stringify({ error: 'invalid_client', error_description: 'client authentication failed' })],
  'server-error': [503, { 'content-type': 'application/json' }, JSON.stringify({ error: 'temporarily_unavailable' })],
  'html-500': [500, { 'content-type': 'text/html' }, '<html><body>Internal Server Error</body></html>'],
};

export async function fixtures() {
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${server.address().port}`;
    const [, kind, ...rest] = req.url.split('/');
    const path = '/' + rest.join('/');
    const issuer = `${base}/${kind}`;
    const headers = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
    const send = (status, h, body) => res.writeHead(status, { ...headers, ...h }).end(body);
    if (req.method === 'OPTIONS') return send(204, {}, '');
    if (path === '/.well-known/openid-configuration') {
      if (kind === 'html') return send(200, { 'content-type': 'text/html' }, '<!doctype html><title>Login</title><p>Welcome');
      const doc = { issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token` };
      if (kind === 'no-endpoints') delete doc.authorization_endpoint;
      if (kind === 'wrong-issuer') doc.issuer = 'https://somewhere-else.example';
      return send(200, { 'content-type': 'application/json' }, JSON.stringify(doc));
    }
    if (path === '/token' && tokenAnswers[kind]) return send(...tokenAnswers[kind]);
    send(404, { 'content-type': 'text/plain' }, 'not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    issuer: (kind) => `http://127.0.0.1:${server.address().port}/${kind}`,
    stop: () => new Promise((r) => server.close(r)),
  };
}
