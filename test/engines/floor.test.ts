import { expect } from '@open-wc/testing';
import type { SessionGuard, SessionProvider } from '../../src/index.js';
import { DEMO, newBknd, waitFor } from '../helpers.js';

/**
 * The browser floor, in every engine: a page that lacks what older engines lack, removed before the
 * library loads (test/engines/floor.html). At the floor the fallbacks keep sign-in working; below it
 * there is one console error `unsupported-browser`, the guard's fallback, and no form to fail.
 */
type FloorWindow = Window & { consoleErrors: string[] };

async function open(remove: string[]) {
  const host = await newBknd();
  const frame = document.createElement('iframe');
  frame.src = new URL(`./floor.html?remove=${remove.join(',')}`, import.meta.url).href;
  document.body.append(frame);
  await new Promise((r) => frame.addEventListener('load', r, { once: true }));
  const win = frame.contentWindow as FloorWindow;
  const doc = frame.contentDocument!;
  const provider = doc.querySelector<SessionProvider>('session-provider')!;
  provider.host = host;
  const guard = doc.querySelector<SessionGuard>('session-guard')!;
  await waitFor(() => provider.getAttribute('status') === 'unauthenticated', 10_000, 'the page to start');
  return { frame, win, doc, provider, guard };
}

describe('browser floor', () => {
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  const newer = [['abort-any', 'custom-states', 'check-visibility'], ['abort-any', 'dashed-states', 'check-visibility']];
  for (const remove of newer) {
    it(`at the floor (no ${remove.join(', ')}): the form signs in, the guard shows the content, no console error`, async () => {
      const { win, doc, provider, guard } = await open(remove);
      expect(win.AbortSignal.any, 'removed').to.equal(undefined);
      const form = doc.querySelector('login-form')!;
      await waitFor(() => form.querySelector('input[name=email]'), 5000, 'the form');
      form.querySelector<HTMLInputElement>('[name=email]')!.value = DEMO.email;
      form.querySelector<HTMLInputElement>('[name=password]')!.value = DEMO.password;
      form.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      await waitFor(() => provider.getAttribute('status') === 'authenticated', 5000, 'sign-in');
      await guard.updateComplete;
      expect(guard.view).to.equal('authorized');
      expect(doc.getElementById('secret')!.getClientRects().length, 'the content shows').to.be.above(0);
      // <logout-button> renders and signs out (Chrome 112–124 throw on a state name without "--").
      const logout = doc.querySelector('logout-button')!;
      await logout.updateComplete;
      logout.shadowRoot!.querySelector<HTMLButtonElement>('button')!.click();
      await waitFor(() => guard.view === 'fallback', 5000, 'sign-out');
      expect(win.consoleErrors).to.deep.equal([]);
    });
  }

  for (const remove of [['element-internals'], ['css-nesting']]) {
    it(`below the floor (no ${remove[0]}): one console error unsupported-browser, the guard's fallback, no form to fail`, async () => {
      const { win, doc, provider, guard } = await open(remove);
      await guard.updateComplete;
      expect(guard.view).to.equal('fallback');
      expect(doc.getElementById('signed-out')!.getClientRects().length, 'the fallback shows').to.be.above(0);
      expect(doc.getElementById('secret')!.getClientRects().length, 'the content does not').to.equal(0);
      const form = doc.querySelector('login-form')!;
      await waitFor(() => form.querySelector('[part=error]')?.textContent, 3000, 'the message');
      expect(form.querySelector('input, button'), 'no fields or buttons').to.equal(null);
      expect(form.querySelector('[part=error]')!.getAttribute('role')).to.equal('alert');
      let error: unknown;
      try {
        await provider.login(DEMO);
      } catch (e) {
        error = e;
      }
      expect((error as { code?: string })?.code).to.equal('unsupported-browser');
      expect(win.consoleErrors).to.deep.equal(['unsupported-browser']);
    });
  }
});
