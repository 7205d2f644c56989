import { createApp } from 'vue';
// The stylesheet loads with the app, before the elements: nothing in a guard paints until they are defined.
import 'session-elements/style.css';
import './app.css';
import App from './App.vue';

// `?late` mounts the app before the elements are defined, as an async CDN script would;
// the driver then calls `loadElements()`. Otherwise define them first, as `import 'session-elements'` does.
const late = new URLSearchParams(location.search).has('late');
if (!late) await import('session-elements');
createApp(App).mount('#app');
window.__interop = { ...window.__interop, mounted: true, loadElements: () => import('session-elements') };
