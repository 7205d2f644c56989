import { expect, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { LoginForm, SessionGuard, SessionProvider, SessionUserElement } from '../../src/index.js';
import { DEMO, cleanStorage, collect, mount, newBknd, settled, waitFor } from './util.js';

describe('end to end: login-form, guard, user, logout-button on a real Bknd', () => {
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  cleanStorage();

  const page = () => html`<session-provider host=${host}>
    <login-form></login-form>
    <session-guard>
      <p id="secret">secret</p>
      <p slot="fallback" id="please">please sign in</p>
    </session-guard>
    <session-user></session-user>
    <logout-button></logout-button>
  </session-provider>`;

  it('signing in through <login-form> with the keyboard flips the guard, and <logout-button> flips it back', async () => {
    const provider = await settled(await mount<SessionProvider>(page()));
    const guard = provider.querySelector<SessionGuard>('session-guard')!;
    const form = provider.querySelector<LoginForm>('login-form')!;
    await guard.updateComplete;
    expect(guard.view).to.equal('fallback');
    expect(provider.querySelector('#please')!.assignedSlot).to.not.equal(null);
    expect(provider.querySelector('#secret')!.assignedSlot).to.equal(null);

    const success = collect(provider, 'login-success');
    form.querySelector('input')!.focus();
    await sendKeys({ type: DEMO.email });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: DEMO.password });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => success.length === 1, 5000, 'login-success');
    await guard.updateComplete;
    expect(guard.view).to.equal('authorized');
    expect(provider.querySelector('#secret')!.assignedSlot).to.not.equal(null);
    expect(provider.querySelector('#please')!.assignedSlot).to.equal(null);
    const user = provider.querySelector<SessionUserElement>('session-user')!;
    await user.updateComplete;
    expect(user.shadowRoot!.textContent).to.contain(DEMO.email);

    provider.querySelector('logout-button')!.shadowRoot!.querySelector('button')!.click();
    await waitFor(() => provider.status === 'unauthenticated', 5000, 'sign-out');
    await guard.updateComplete;
    expect(guard.view).to.equal('fallback');
    expect(provider.state!.reason).to.equal('logout');
  });

  it('"reload" with a valid stored token shows the protected content without ever showing the fallback', async () => {
    const first = await settled(await mount<SessionProvider>(html`<session-provider host=${host}></session-provider>`));
    await first.login(DEMO);
    const token = localStorage.getItem('auth');
    expect(token).to.be.a('string');
    first.remove(); // the old page goes away; its controller is disposed

    // The new page: a fresh provider and guard on the same storage.
    const container = document.createElement('div');
    container.innerHTML = `<session-provider host="${host}"><session-guard>
      <p id="secret">secret</p><p slot="fallback" id="please">please sign in</p><p slot="loading">…</p>
    </session-guard></session-provider>`;
    const provider = container.firstElementChild as SessionProvider;
    const guard = container.querySelector<SessionGuard>('session-guard')!;
    const please = container.querySelector('#please')!;
    const seen: string[] = [];
    const record = () => seen.push(`${guard.view}${please.assignedSlot ? ':fallback-visible' : ''}`);
    document.body.append(container);
    // Every render of the guard is recorded: its shadow root changes whenever what it shows does.
    const observer = new MutationObserver(record);
    observer.observe(guard.shadowRoot!, { childList: true, subtree: true, attributes: true });
    try {
      await settled(provider);
      await waitFor(() => guard.view === 'authorized' && seen.includes('authorized'), 5000, 'authorized');
      // The server check runs behind the content; let it finish before looking at the record.
      await new Promise((r) => setTimeout(r, 300));
      await guard.updateComplete;
      expect(provider.status).to.equal('authenticated');
      expect(seen.filter((v) => v.includes('fallback'))).to.deep.equal([]);
      expect(seen).to.deep.equal(['loading', 'authorized']);
      expect(container.querySelector('#secret')!.assignedSlot).to.not.equal(null);
    } finally {
      observer.disconnect();
      container.remove();
    }
  });

  it('a token the server rejects on "reload" signs out to the fallback with reason invalid', async () => {
    localStorage.setItem('auth', await (await import('../helpers.js')).forgeToken({}));
    const provider = await mount<SessionProvider>(page());
    const logouts = collect(provider, 'session-logout');
    await waitFor(() => provider.status === 'unauthenticated', 5000, 'the server to reject the token');
    const guard = provider.querySelector<SessionGuard>('session-guard')!;
    await guard.updateComplete;
    expect(guard.view).to.equal('fallback');
    expect(logouts.map((e) => e.detail.reason)).to.deep.equal(['invalid']);
    expect(localStorage.getItem('auth')).to.equal(null);
  });
});
