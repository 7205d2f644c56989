import { createApp } from 'vue';
// The stylesheet loads with the app, before the elements: nothing in a guard paints until they are defined.
import 'session-elements/style.css';
import { useSession } from 'session-elements/vue';
import './app.css';
import App from './App.vue';
import EmptyTarget from './EmptyTarget.vue';

const params = new URLSearchParams(location.search);
// Errors Vue caught (`?orphan`), and useSession() called outside a component, for the driver.
const caught = [];
// The developer text of a SessionError is its hint (its message is the plain one for the person).
const describe = (e) => `${e.name} ${e.code}: ${e.hint ?? e.message}`;
const outside = () => {
  try {
    useSession();
  } catch (e) {
    return describe(e);
  }
};

// `?late` mounts the app before the elements are defined, as an async CDN script would;
// the driver then calls `loadElements()`. Otherwise define them first, as `import 'session-elements'` does.
if (!params.has('late')) await import('session-elements');
const app = createApp(params.has('orphan') ? EmptyTarget : App);
app.config.errorHandler = (e) => caught.push(describe(e));
app.mount('#app');
window.__interop = { ...window.__interop, caught, outside, mounted: true, loadElements: () => import('session-elements') };
