// Lint that reads Lit templates: typescript-eslint, eslint-plugin-lit (template rules) and
// eslint-plugin-wc (custom-element rules), as Shoelace / Web Awesome run them. `lit-analyzer`
// (in `npm test` too) type-checks the bindings in `html` templates against the elements.
// `npm run lint` runs both; lit-analyzer with `--strict --maxWarnings 0` (a warning fails too) and
// `--rules.no-invalid-css off`: its CSS data (vscode-css-languageservice 4.3, 2020) lacks standard
// properties such as `color-scheme` and cannot be extended, so it would reject correct styles.
// Element attributes reach it through the `@attr` JSDoc tag on each field (see props() in shared.ts).
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/interop/**/node_modules/**', 'test/interop/**/dist/**', 'custom-elements.json'] },
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommended, lit.configs['flat/recommended'], wc.configs['flat/best-practice']],
    // The wc rules look for subclasses of HTMLElement; ours extend LitElement.
    settings: { wc: { elementBaseClasses: ['LitElement'] } },
    rules: {
      // Backends parse untyped JSON from servers; `any` there is checked at runtime (http.ts).
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // LitElement implements every lifecycle callback, so `super.connectedCallback()` needs no guard.
      'wc/guard-super-call': 'off',
    },
  },
);
