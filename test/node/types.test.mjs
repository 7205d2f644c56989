// The built typings as users' compilers see them (run `npm run build` first): the tag and event
// maps, the subpath exports' "types" conditions, and the generated JSX and Svelte typings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;
const tsc = (...args) => spawnSync(`${root}node_modules/.bin/tsc`, ['-p', 'test/node/types/tsconfig.json', ...args], { cwd: root, encoding: 'utf8' });

for (const [resolution, args] of [
  ['bundler', []],
  ['nodenext', ['--module', 'NodeNext', '--moduleResolution', 'NodeNext']],
]) {
  test(`a TypeScript consumer type-checks (moduleResolution ${resolution})`, () => {
    const { status, stdout, stderr } = tsc(...args);
    assert.equal(status, 0, stdout + stderr);
  });
}
