import { startWebKit } from './webdriver.mjs';
const wk = await startWebKit();
try {
  await wk.cmd('POST', '/url', { url: 'data:text/html,<p>hi' });
  console.log(await wk.cmd('POST', '/execute/sync', { script: `
    const d = Object.getOwnPropertyDescriptor(window, 'localStorage');
    const r = [JSON.stringify(d && {c: d.configurable, g: typeof d.get, v: typeof d.value}), String(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(window), 'localStorage'))];
    Object.defineProperty(window, 'localStorage', { configurable: true, get: () => { throw new DOMException('denied', 'SecurityError'); } });
    try { globalThis.localStorage; r.push('no throw globalThis'); } catch (e) { r.push('threw ' + e.name); }
    try { window.localStorage; r.push('no throw window'); } catch (e) { r.push('threw ' + e.name); }
    try { localStorage; r.push('no throw bare'); } catch (e) { r.push('threw ' + e.name); }
    r.push(JSON.stringify(Object.getOwnPropertyDescriptor(window, 'localStorage')));
    return r;`, args: [] }));
} finally { await wk.stop(); }
