import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// React 19 needs no custom-element configuration.
export default defineConfig({ plugins: [react()] });
