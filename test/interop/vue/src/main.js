import { createApp } from 'vue';
import App from './App.vue';

// `?late` mounts the app before the elements are defined, as an async CDN script would;
// the driver then calls `loadElements()`. Otherwise define them first, as `import 'session-elements'` does.
const late = new URLSearchParams(location.search).has('late');
if (!late) await import('session-elements');
createApp(App).mount('#app');
window.__interop = { ...window.__interop, mounted: true, loadElements: () => import('session-elements') };
