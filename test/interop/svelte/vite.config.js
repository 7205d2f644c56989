import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Svelte needs no custom-element configuration.
export default defineConfig({ plugins: [svelte()] });
