import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// React's development build: StrictMode then mounts, unmounts and mounts every effect again (the
// useSession() subscriptions must survive that), and React's own warnings reach the console, which
// the driver fails on. React 19 needs no custom-element configuration.
// bknd/client comes from the repository's own Bknd (the same version as the test servers): one
// copy of React for it and the app.
export default defineConfig({ plugins: [react()], resolve: { dedupe: ['react', 'react-dom'] }, define: { 'process.env.NODE_ENV': '"development"' }, build: { minify: false } });
