// `npm run bench:server`: what the sessions() Bknd plugin costs, in one run, side by side.
// A child process serves real Bknd apps over loopback HTTP (plain Bknd; Bknd + plugin on the SQL
// store; two instances + plugin on one real Redis, sharing one database); this process drives them
// with keep-alive fetch. Figures: refresh req/s and p50/p99 at 1 and 50 concurrent clients beside
// plain Bknd /api/auth/me (the floor); /me with vs without the plugin at 50; a revocation on A seen
// by B (p95); memory per 10,000 live sessions for each store. Timings are reported, not asserted.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
let SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

if (process.argv.includes('--serve')) await serve();
else await drive();

async function serve() {
  const { serve: listen } = await import('@hono/node-server');
  const { createClient } = await import('@libsql/client');
  const { $console } = await import('bknd/utils');
  const { loadPlugin, createApp, startRedis, USERS } = await import('../test/server/helpers.mjs');
  $console.disable();
  const plugin = await loadPlugin();
  const redis = await startRedis();
  const ttl = { accessTtl: 900, graceSeconds: 10 };
  const plain = await createApp();
  const sql = await createApp({ plugins: [plugin.sessions(ttl)] });
  const db = createClient({ url: ':memory:' });
  const storeA = plugin.redisStore({ url: redis.url });
  const A = await createApp({ db, plugins: [plugin.sessions({ ...ttl, store: storeA })] });
  const B = await createApp({ db, seed: false, plugins: [plugin.sessions({ ...ttl, store: plugin.redisStore({ url: redis.url }) })] });

  const measureMemory = async () => {
    // A separate app: its SQLite pages are counted alone.
    const sqlStore = plugin.sqlStore();
    const sqlDb = createClient({ url: ':memory:' });
    await createApp({ db: sqlDb, seed: false, plugins: [plugin.sessions({ store: sqlStore })] });
    // Memory per 10,000 live sessions, measured after the timings (a grown heap slows every later
    // request, plugin or not): the SQL store's table lives in this process
    // (in-memory libsql); the Redis store's in Redis (INFO used_memory), this process keeps nothing.
    const gc = globalThis.gc ?? (() => {});
    const record = (i) => {
      const now = Date.now();
      return {
        id: `bench${String(i).padStart(17, '0')}`, userId: '1', createdAt: now, lastUsedAt: now, expiresAt: now + 3600_000,
        absoluteExpiresAt: now + 86400_000, userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        tokenHash: 'h'.repeat(43), prevHash: null, rotatedAt: null,
      };
    };
    const mem = () => (gc(), process.memoryUsage().heapUsed);
    // SQLite's pages (the table and its two indexes) are the memory an in-memory database holds.
    const pages = async () => {
      const [c, s] = await Promise.all([sqlDb.execute('PRAGMA page_count'), sqlDb.execute('PRAGMA page_size')]);
      return Number(Object.values(c.rows[0])[0]) * Number(Object.values(s.rows[0])[0]);
    };
    const m0 = await pages();
    for (let i = 0; i < 10_000; i++) await sqlStore.create(record(i));
    const sqlBytes = (await pages()) - m0;
    const Redis = (await import('ioredis')).default;
    const probe = new Redis(redis.url);
    const used = async () => Number(/used_memory:(\d+)/.exec(await probe.info('memory'))[1]);
    const r0 = await used();
    const p0 = mem();
    for (let i = 0; i < 10_000; i++) await storeA.create({ ...record(i), id: `redis${String(i).padStart(17, '0')}`, userId: '2' });
    const redisBytes = (await used()) - r0;
    const redisProcBytes = mem() - p0;
    await storeA.revokeUser('2');
    probe.disconnect();
    return { sqlBytes, redisBytes, redisProcBytes };
  };
  const servers = [];
  const port = (app) =>
    new Promise((resolve) => {
      const s = listen({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
      servers.push(s);
    });
  const ports = { plain: await port(plain), sql: await port(sql), A: await port(A), B: await port(B) };
  process.stdout.write(`${JSON.stringify({ ports, user: USERS[0] })}\n`);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', async (line) => {
    if (line.includes('mem')) process.stdout.write(`${JSON.stringify(await measureMemory())}\n`);
  });
  process.stdin.on('end', async () => {
    for (const s of servers) s.close();
    await storeA.close();
    await redis.stop();
    process.exit(0);
  });
}

async function drive() {
  const child = spawn(process.execPath, ['--expose-gc', self, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  // The child answers in JSON lines: its ports first, the memory figures when asked.
  const lines = [];
  let out = '';
  let wake = () => {};
  child.stdout.on('data', (d) => {
    out += d;
    for (let nl; (nl = out.indexOf('\n')) >= 0; out = out.slice(nl + 1)) lines.push(JSON.parse(out.slice(0, nl)));
    wake();
  });
  child.on('exit', (code) => code && console.error(`bench server exited ${code}`));
  const nextLine = async () => {
    for (let i = 0; i < 1200 && !lines.length; i++) await new Promise((r) => ((wake = r), setTimeout(r, 100)));
    if (!lines.length) throw new Error('the bench server did not answer');
    return lines.shift();
  };
  const info = await nextLine();
  const url = (name, path) => `http://127.0.0.1:${info.ports[name]}${path}`;
  const post = (u, body, headers = {}) =>
    fetch(u, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(body) });
  const login = async (name) => (await post(url(name, '/api/auth/password/login'), info.user)).json();

  /** Runs `clients` loops of `step` for SECONDS (after a short warm-up); latencies in ms. */
  async function load(clients, setup, step) {
    const states = await Promise.all(Array.from({ length: clients }, setup));
    const lat = [];
    let stop = false;
    let measuring = false;
    const loop = async (state) => {
      while (!stop) {
        const t = performance.now();
        await step(state);
        if (measuring) lat.push(performance.now() - t);
      }
    };
    const running = states.map(loop);
    await new Promise((r) => setTimeout(r, 500));
    measuring = true;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    measuring = false;
    const secs = (performance.now() - t0) / 1000;
    stop = true;
    await Promise.all(running);
    lat.sort((a, b) => a - b);
    const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
    return { rps: lat.length / secs, p50: q(0.5), p99: q(0.99) };
  }
  const refresh = (name) => async (s) => {
    const r = await post(url(name, '/api/auth/refresh'), { refresh_token: s.rt });
    if (r.status !== 200) throw new Error(`refresh ${r.status}: ${await r.text()}`);
    s.rt = (await r.json()).refresh_token;
  };
  const refreshSetup = (name) => async () => ({ rt: (await login(name)).refresh_token });

  const rows = [];
  const run = async (label, clients, setup, step) => {
    const r = await load(clients, setup, step);
    rows.push({ label, clients, ...r });
    console.error(`${label} @${clients}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`);
    return r;
  };
  const meSetup = (name) => async () => ({ token: (await login(name)).token });
  const meStep = (name) => async (s) => {
    const r = await fetch(url(name, '/api/auth/me'), { headers: { authorization: `Bearer ${s.token}`, accept: 'application/json' } });
    if (r.status !== 200) throw new Error(`/me ${r.status}`);
    await r.arrayBuffer();
  };
  const res = {};
  // A warm-up pass over every endpoint (JIT, connection pools), unrecorded.
  const secs = SECONDS;
  SECONDS = 1;
  for (const name of ['plain', 'sql', 'A']) await load(10, meSetup(name), meStep(name));
  for (const name of ['sql', 'A']) await load(10, refreshSetup(name), refresh(name));
  SECONDS = secs;
  for (const c of [1, 50]) {
    res[`plain${c}`] = await run('plain Bknd /api/auth/me', c, meSetup('plain'), meStep('plain'));
    res[`sqlRefresh${c}`] = await run('refresh, SQL store', c, refreshSetup('sql'), refresh('sql'));
    res[`redisRefresh${c}`] = await run('refresh, Redis store', c, refreshSetup('A'), refresh('A'));
  }
  res.sqlMe = await run('/me with plugin, SQL store', 50, meSetup('sql'), meStep('sql'));
  res.redisMe = await run('/me with plugin, Redis store', 50, meSetup('A'), meStep('A'));

  // Revocation on A seen by B: from A's answer to B's first 401.
  const seen = [];
  for (let i = 0; i < 100; i++) {
    const l = await login('A');
    const out = await fetch(url('A', '/api/auth/logout'), { headers: { authorization: `Bearer ${l.token}`, accept: 'application/json' } });
    await out.arrayBuffer();
    const t0 = performance.now();
    for (let tries = 0; tries < 1000; tries++) {
      const r = await fetch(url('B', '/api/auth/me'), { headers: { authorization: `Bearer ${l.token}`, accept: 'application/json' } });
      await r.arrayBuffer();
      if (r.status === 401) break;
    }
    seen.push(performance.now() - t0);
  }
  seen.sort((a, b) => a - b);
  const p95 = seen[Math.floor(0.95 * seen.length)];

  child.stdin.write('mem\n');
  Object.assign(info, await nextLine());
  child.stdin.end();
  const f = (n, d = 2) => n.toFixed(d);
  const ratio = (a, b) => `${f(a / b)}×`;
  console.log('\nsessions() Bknd plugin — one run, loopback HTTP, this machine\n');
  console.log('| measure | clients | req/s | p50 ms | p99 ms | vs plain /me |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    const floor = res[`plain${r.clients}`];
    console.log(`| ${r.label} | ${r.clients} | ${f(r.rps, 0)} | ${f(r.p50)} | ${f(r.p99)} | p99 ${ratio(r.p99, floor.p99)} |`);
  }
  console.log('');
  console.log(`| goal | figure |`);
  console.log('|---|---|');
  console.log(`| Redis refresh p99 ≤ 2× plain /me p99 (50 clients) | ${ratio(res.redisRefresh50.p99, res.plain50.p99)} |`);
  console.log(`| /me with plugin ≤ 1.3× without (50 clients, p50) | SQL ${ratio(res.sqlMe.p50, res.plain50.p50)}, Redis ${ratio(res.redisMe.p50, res.plain50.p50)} |`);
  console.log(`| revocation on A refused by B, p95 of 100 | ${f(p95)} ms (B's first request after A's answer) |`);
  console.log(`| memory per 10,000 live sessions, SQL store | ${f(info.sqlBytes / 1e6, 1)} MB of SQLite pages (table + indexes) |`);
  console.log(`| memory per 10,000 live sessions, Redis store | ${f(info.redisBytes / 1e6, 1)} MB in Redis (used_memory); Bknd process heap ${f(info.redisProcBytes / 1e6, 1)} MB |`);
}
