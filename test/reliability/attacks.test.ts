import { expect, fixture, html } from '@open-wc/testing';
import { SessionError, type SessionBackend, type SessionProvider } from '../../src/index.js';
import { DEMO, clearAll, forgeToken, waitFor } from '../helpers.js';

declare global {
  interface Window {
    __xss?: number;
  }
}

/** Off-origin targets, each of which must be refused wherever a URL is accepted. */
const REDIRECTS = [
  'https://evil.example/login',
  '//evil.example/login',
  '///evil.example/login',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '%2F%2Fevil.example',
  '/%2F/evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  ' https://evil.example',
  'https:evil.example',
  'http://localhost@evil.example/',
  'ftp://evil.example/',
];

/** Markup and script that must stay text wherever the elements render data or attribute text. */
const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload="window.__xss=3">',
  "'><iframe src=javascript:window.__xss=4>",
  '<a href="javascript:window.__xss=5">click</a>',
  '<style>*{display:none}</style>',
  '{{constructor.constructor("window.__xss=6")()}}',
  '${window.__xss=7}',
  '<details open ontoggle="window.__xss=8">',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=9">',
  '&lt;b&gt;entity&lt;/b&gt;',
  '<!--<img src=x onerror="window.__xss=10">-->',
];

const markupIn = (root: ParentNode) => root.querySelectorAll('img, script, svg, iframe, a[href^="javascript"], style:not([data-lit]), details, math');

describe('attacks: open redirects and markup injection', () => {
  beforeEach(clearAll);
  afterEach(() => delete window.__xss);

  describe(`${REDIRECTS.length} open-redirect vectors through login-url`, () => {
    for (const target of REDIRECTS) {
      it(JSON.stringify(target), async () => {
        const errors: string[] = [];
        const redirects: string[] = [];
        const p = await fixture<SessionProvider>(html`<session-provider storage="memory" check-interval="0" login-url=${target}
          @session-error=${(e: CustomEvent) => errors.push(e.detail.error.code)}
          @session-redirect=${(e: CustomEvent) => (e.preventDefault(), redirects.push(e.detail.url))}>
          <session-guard redirect><p slot="fallback">out</p></session-guard>
        </session-provider>`);
        await waitFor(() => p.status === 'unauthenticated', 5000, 'start');
        await new Promise((r) => setTimeout(r, 50));
        expect(errors).to.include('config');
        expect(redirects.filter((u) => !u.startsWith(location.origin))).to.deep.equal([]);
        expect(redirects).to.deep.equal([]); // the guard had nowhere safe to go
      });
    }
  });

  describe(`${XSS.length} markup payloads stay inert text`, () => {
    for (const [i, payload] of XSS.entries()) {
      it(`${JSON.stringify(payload)} through user fields, server messages and text attributes`, async () => {
        const user = { id: 1, role: 'user', email: `${payload}@example.com`, name: payload };
        const token = await forgeToken(user);
        const backend: SessionBackend = {
          async login(c) {
            if (c.password !== 'right') throw new SessionError('invalid-credentials', payload, 401);
            return { token, user };
          },
          me: async () => user,
          logout: async () => {},
        };
        // idle-timeout/warn-before open the warning a second after sign-in, so its texts render too.
        const p = await fixture<SessionProvider>(html`<session-provider storage="memory" check-interval="0" idle-timeout="120" warn-before="119" .backend=${backend}>
          <login-form email-label=${payload} password-label=${payload} submit-label=${payload}></login-form>
          <session-user field="name"></session-user><session-user field="email"></session-user>
          <logout-button label=${payload}></logout-button>
          <session-expiry-warning heading=${payload} idle-message=${payload} expiry-message=${payload} extend-label=${payload}></session-expiry-warning>
        </session-provider>`);
        await waitFor(() => p.status === 'unauthenticated', 5000, 'start');
        const form = p.querySelector('login-form')!;
        await waitFor(() => form.querySelector('form'), 2000, 'form');
        form.querySelector<HTMLInputElement>('[name=email]')!.value = 'x@example.com';
        form.querySelector<HTMLInputElement>('[name=password]')!.value = 'wrong';
        form.querySelector('button[type=submit]')!.click();
        await waitFor(() => form.querySelector('[role=alert]')?.textContent, 3000, 'the error text');
        await p.login({ email: 'x@example.com', password: 'right' });
        const warning = p.querySelector('session-expiry-warning')!;
        await waitFor(() => warning.shadowRoot?.querySelector('dialog')?.open, 3000, 'the warning');
        const roots: ParentNode[] = [p, ...[...p.querySelectorAll('*')].map((e) => e.shadowRoot).filter((r): r is ShadowRoot => !!r)];
        const text = roots.map((r) => (r as Element | ShadowRoot).textContent).join(' ');
        expect(text, 'the payload is shown as text').to.contain(payload.slice(0, 8));
        for (const r of roots) expect(markupIn(r), `no element made from payload ${i}`).to.have.length(0);
        await new Promise((r) => setTimeout(r, 100)); // handlers such as onerror would have run by now
        expect(window.__xss).to.equal(undefined);
      });
    }
  });

  it('works with Trusted Types required (and a strict CSP): no violation, sinks enforced', async () => {
    const frame = document.createElement('iframe');
    frame.src = new URL('./trusted-types.html', import.meta.url).href;
    document.body.append(frame);
    try {
      await new Promise((r) => frame.addEventListener('load', r, { once: true }));
      const win = frame.contentWindow as Window & { violations: string[] };
      const doc = frame.contentDocument!;
      const provider = doc.querySelector('session-provider')!;
      await waitFor(() => provider.getAttribute('status') === 'unauthenticated', 10_000, 'the page to start');
      const form = doc.querySelector('login-form')!;
      await waitFor(() => form.querySelector('form'), 5000, 'the form');
      form.querySelector<HTMLInputElement>('[name=email]')!.value = DEMO.email;
      form.querySelector<HTMLInputElement>('[name=password]')!.value = DEMO.password;
      form.querySelector('button[type=submit]')!.click();
      await waitFor(() => provider.getAttribute('status') === 'authenticated', 5000, 'sign-in');
      await waitFor(() => doc.getElementById('secret'), 3000, 'the stamped template');
      const user = doc.querySelector('session-user')!;
      await waitFor(() => user.shadowRoot?.textContent?.includes(DEMO.email), 3000, 'the user');
      const warning = doc.querySelector('session-expiry-warning')!;
      await waitFor(() => warning.shadowRoot!.querySelector('dialog')?.open, 5000, 'the warning');
      warning.shadowRoot!.querySelector<HTMLButtonElement>('button[part~=logout]')!.click();
      await waitFor(() => provider.getAttribute('status') === 'unauthenticated', 5000, 'sign-out');
      expect(win.violations).to.deep.equal([]);
      // The control: Trusted Types are enforced, so a raw string into innerHTML is refused.
      // (Chromium names TrustedHTML in the message, Firefox a "sink type mismatch": both throw a TypeError.)
      expect(() => (doc.body.innerHTML = '<b>x</b>')).to.throw().with.property('name', 'TypeError'); // the frame's TypeError
      expect(doc.body.querySelector(':scope > b')).to.equal(null);
    } finally {
      frame.remove();
    }
  });
});
