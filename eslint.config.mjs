// Lint that reads Lit templates: typescript-eslint, eslint-plugin-lit (template rules) and
// eslint-plugin-wc (custom-element rules), as Shoelace / Web Awesome run them. `lit-analyzer`
// (in `npm test` too) type-checks the bindings in `html` templates against the elements.
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/interop/**/node_modules/**', 'test/interop/**/dist/**', 'custom-elements.json'] },
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommended, lit.configs['flat/recommended'], wc.configs['flat/best-practice']],
    rules: {
      // Backends parse untyped JSON from servers; `any` there is checked at runtime (http.ts).
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
