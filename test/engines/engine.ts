// Which engine runs this page, for the few tests that cannot run in one of them. Such a test says
// why in its name and skips only there (docs/browser-support.md lists them).
export type Engine = 'chromium' | 'firefox' | 'webkit';

const ua = navigator.userAgent;
export const engine: Engine = /Firefox\//.test(ua) ? 'firefox' : /Chrom(e|ium)\//.test(ua) ? 'chromium' : 'webkit';

/** `it(name, fn)`, except in `skipIn`, where it is skipped with `why` in its name. */
export function itExceptIn(skipIn: Engine, why: string, name: string, fn: Mocha.Func) {
  return engine === skipIn ? it.skip(`${name} [skipped in ${skipIn}: ${why}]`, fn) : it(name, fn);
}
