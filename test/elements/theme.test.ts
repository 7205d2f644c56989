import { expect, html } from '@open-wc/testing';
import type { LoginForm, LogoutButton, SessionExpiryWarning, SessionProvider } from '../../src/index.js';
import { DEMO, cleanStorage, mount, newBknd, settled, waitFor } from './util.js';

// A page's own scheme, the way pages set it: in a stylesheet.
const pageSheet = new CSSStyleSheet();
pageSheet.replaceSync(`.page-light { color-scheme: light; background: Canvas; color: CanvasText; }
  .page-dark { color-scheme: dark; background: Canvas; color: CanvasText; }`);

describe('defaults on light and dark pages', () => {
  let host: string;
  before(async () => {
    host = await newBknd(4);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
  });
  after(() => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== pageSheet);
  });
  cleanStorage();

  const backgrounds: Record<string, string[]> = {};
  for (const scheme of ['light', 'dark']) {
    it(`follow a ${scheme} page and stay accessible (contrast included) in every element`, async () => {
      const root = await mount(html`<div class="page-${scheme}"><session-provider host=${host} warn-before="3">
        <login-form></login-form><logout-button></logout-button><session-expiry-warning></session-expiry-warning>
      </session-provider></div>`);
      const p = await settled(root.querySelector<SessionProvider>('session-provider')!);
      const form = root.querySelector<LoginForm>('login-form')!;
      const button = root.querySelector<LogoutButton>('logout-button')!;
      const warning = root.querySelector<SessionExpiryWarning>('session-expiry-warning')!;
      await form.updateComplete;
      // A failed attempt shows the error text, so its contrast is checked too.
      form.querySelector<HTMLInputElement>('[name=email]')!.value = DEMO.email;
      form.querySelector<HTMLInputElement>('[name=password]')!.value = 'wrong-password';
      form.querySelector('button[type=submit]')!.click();
      await waitFor(() => form.querySelector('[role=alert]')!.textContent, 5000, 'the error');
      await expect(root).to.be.accessible();
      await p.login(DEMO);
      await waitFor(() => warning.open, 5000, 'the warning');
      await Promise.all([button.updateComplete, warning.updateComplete]);
      await expect(root).to.be.accessible();
      const dialog = warning.shadowRoot!.querySelector('dialog')!;
      backgrounds[scheme] = [getComputedStyle(dialog).backgroundColor, getComputedStyle(form.querySelector('input')!).backgroundColor,
        getComputedStyle(button.shadowRoot!.querySelector('button')!).backgroundColor];
      expect(getComputedStyle(dialog).colorScheme).to.equal(scheme);
    });
  }

  it('differ between the two (system colors, not fixed ones)', () => {
    expect(backgrounds.light).to.have.length(3);
    backgrounds.light.forEach((bg, i) => expect(bg, `element ${i}`).to.not.equal(backgrounds.dark[i]));
  });
});
