// The CDN file is what `<script type="module" src=".../dist/cdn/session-elements.js">` loads:
// one module, no imports left for the browser to resolve, and it defines every element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const cdn = readFileSync(new URL('../../dist/cdn/session-elements.js', import.meta.url), 'utf8');

test('the CDN bundle has no static or dynamic imports', () => {
  assert.doesNotMatch(cdn, /(?:^|[;}\s])import\s*(?:[{*"'`]|[\w$]+\s*from)/, 'no import statements');
  assert.doesNotMatch(cdn, /\bimport\(/, 'no dynamic import()');
});

test('the CDN bundle defines every element', () => {
  // A bundler that believed define.ts side-effect free would keep the classes and drop these calls.
  for (const tag of ['session-provider', 'session-guard', 'session-expiry-warning', 'login-form', 'session-user', 'logout-button']) {
    assert.match(cdn, new RegExp(`customElements\\.define\\([\`'"]${tag}[\`'"]`), tag);
  }
});
