// The CDN build: one minified, self-contained ES module (lit, @lit/context and jose inside, the
// lazy jose import inlined) that defines every element. The npm build is `tsc -p tsconfig.build.json`.
import { defineConfig } from 'vite';

export default defineConfig({
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
      output: {
        codeSplitting: false,
        // Lib mode keeps whitespace and pure annotations for downstream bundlers; this file is
        // loaded by browsers as is, so minify it fully. Licence comments stay.
        minify: true,
        comments: { legal: true, annotation: false, jsdoc: false },
      },
    },
  },
});
