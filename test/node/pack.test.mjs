// `npm pack` from a fresh clone: nothing in a clone is built, so the tarball has `dist/` only
// because `prepack` builds it. The clone is of this repository's HEAD (committed work only); its
// node_modules is a symlink to ours, so nothing is installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

test('npm pack in a fresh clone builds dist/ and packs the CDN files, the stylesheet and the types', { timeout: 180_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'pack-'));
  try {
    const clone = join(tmp, 'repo');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', root, clone]);
    execFileSync('git', ['checkout', '--quiet', head], { cwd: clone });
    assert.equal(existsSync(join(clone, 'dist')), false, 'a clone has no dist/');
    symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir');

    // stdout carries the build's log (prepack), so take the tarball from the destination directory.
    execFileSync('npm', ['pack', '--loglevel', 'error', '--pack-destination', tmp], { cwd: clone, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, npm_config_update_notifier: 'false' } });
    const [tarball] = readdirSync(tmp).filter((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    const files = new Set(
      execFileSync('tar', ['-tzf', join(tmp, tarball)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((f) => f.replace(/^package\//, '')),
    );

    for (const f of ['dist/cdn/session-elements.js', 'dist/cdn/session-elements.css', 'dist/index.d.ts', 'dist/core/index.d.ts', 'dist/types/jsx.d.ts', 'custom-elements.json']) {
      assert.ok(files.has(f), `${f} is in the tarball`);
    }
    // Every `exports` target resolves to a packed file (a `*` target to at least one).
    const pkg = JSON.parse(execFileSync('git', ['show', `${head}:package.json`], { cwd: root, encoding: 'utf8' }));
    const targets = Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    assert.ok(targets.length > 10, 'exports has targets to check');
    for (const target of targets) {
      const path = target.replace(/^\.\//, '');
      const [prefix, suffix = ''] = path.split('*');
      const found = path.includes('*') ? [...files].some((f) => f.startsWith(prefix) && f.endsWith(suffix)) : files.has(path);
      assert.ok(found, `exports target ${target} is in the tarball`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
