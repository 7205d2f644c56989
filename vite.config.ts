// The CDN build: a minified ES module (lit and @lit/context inside) that defines every element,
// plus sibling chunks for what only some pages use (JWKS verification with jose, the non-default
// backends, and the languages: `languages-*.js`, the list, then one chunk per language, `de-*.js`…;
// English stays in the entry). The chunks are dynamic imports relative to the entry, so they load
// from wherever the entry came from. The npm build is `tsc -p tsconfig.build.json`.
import { transform } from 'lightningcss';
import { defineConfig, type Plugin } from 'vite';

/** Minifies the CSS of Lit's `css` tagged templates (those without `${}` or escapes). */
function minifyLitCss(): Plugin {
  return {
    name: 'minify-lit-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      return code.replace(/\bcss`([^`$\\]*)`/g, (_, text: string) => {
        const { code: min } = transform({ filename: id, code: Buffer.from(text), minify: true, errorRecovery: false });
        return `css\`${min}\``;
      });
    },
  };
}

/** Keeps the first copy of each licence comment: every Lit module carries the same one. */
function oneLicenceEach(): Plugin {
  return {
    name: 'one-licence-each',
    generateBundle(_, bundle) {
      const dedupe = (code: string, seen: Set<string>) =>
        code.replace(/\/\*[*!]?\s*\*?\s*@license[\s\S]*?\*\/\n?/g, (c) => {
          const key = c.replace(/[\s*]+/g, ' ');
          return seen.has(key) ? '' : (seen.add(key), c);
        });
      // A chunk is only ever loaded by the entry, so the entry's copy covers it too.
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const entrySeen = new Set<string>();
      for (const c of chunks) if (c.isEntry) c.code = dedupe(c.code, entrySeen);
      for (const c of chunks) if (!c.isEntry) c.code = dedupe(c.code, new Set(entrySeen));
    },
  };
}

export default defineConfig({
  plugins: [minifyLitCss(), oneLicenceEach()],
  build: {
    outDir: 'dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    lib: {
      entry: 'src/index.ts',
      formats: ['es'],
      fileName: () => 'session-elements.js',
    },
    rolldownOptions: {
      // Lets the code the chunks share with the entry stay in the entry (which exports it to them)
      // instead of going to common chunks that cost every page extra requests.
      preserveEntrySignatures: 'allow-extension',
      output: {
        // Named after the module, hashed so a CDN may cache them forever.
        chunkFileNames: '[name]-[hash].js',
        // Lib mode keeps whitespace and pure annotations for downstream bundlers; these files are
        // loaded by browsers as they are, so minify them fully. Licence comments stay.
        minify: true,
        comments: { legal: true, annotation: false, jsdoc: false },
      },
    },
  },
});
