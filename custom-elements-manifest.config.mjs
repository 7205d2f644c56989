// `npm run analyze` writes custom-elements.json from the JSDoc of the element classes;
// scripts/check-manifest.mjs fails when the committed file is stale.
export default {
  globs: ['src/**/*.ts'],
  // The framework adapters (src/react.ts, src/vue.ts) define no elements; the translation tables are data.
  exclude: ['src/**/*.test.ts', 'src/react.ts', 'src/vue.ts', 'src/i18n/**', 'test/**', 'node_modules/**', 'dist/**'],
  litelement: true,
  outdir: '.',
  // The analyzer would otherwise point package.json's customElements at every outdir it writes to.
  packagejson: false,
};
