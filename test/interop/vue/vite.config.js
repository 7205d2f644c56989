import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The one line Vue needs: render these tags as custom elements, not as unresolved Vue components.
const sessionTags = ['login-form', 'logout-button'];
export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('session-') || sessionTags.includes(tag) } } })],
});
