import { expect } from '@open-wc/testing';
import { bknd } from '../../src/core/index.js';
import { ADMIN, DEMO, clearAll, controller, disposeAll, newBknd, recordEvents, requestCounts, waitFor } from '../helpers.js';

/**
 * Another writer of the storage key (Bknd's own `Api` stores the raw JWT under `auth`; DevTools)
 * is followed live, without focus and without extra `/me` requests.
 */
describe('other writers of the storage key are followed live', () => {
  let host: string;
  let id: string;
  before(async () => {
    host = await newBknd();
    id = host.split('/').pop()!;
  });
  beforeEach(clearAll);
  afterEach(disposeAll);

  const meCalls = async () => (await requestCounts(id))[`${id} /api/auth/me`] ?? 0;
  /** What Bknd's `Api` does on sign-in: POST the password login, store the raw JWT under `auth`. */
  async function tokenFor(creds: { email: string; password: string }) {
    const res = await fetch(`${host}/api/auth/password/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(creds),
    });
    return (await res.json()).token as string;
  }

  it('a sign-in and sign-out written in this tab are followed within a second, without /me', async () => {
    const c = controller({ backend: bknd({ host }) }); // the default periodic check is on
    const ev = recordEvents(c);
    await c.start();
    const token = await tokenFor(DEMO);
    const before = await meCalls();
    localStorage.setItem('auth', token);
    await waitFor(() => c.state.status === 'authenticated', 1000, 'following the sign-in');
    expect(ev.of('session-login')).to.deep.equal([{ user: c.state.user, remote: true }]);
    expect(c.state.user?.email).to.equal(DEMO.email);
    localStorage.removeItem('auth');
    await waitFor(() => c.state.status === 'unauthenticated', 1000, 'following the sign-out');
    expect(ev.of('session-logout')).to.deep.equal([{ reason: 'logout', remote: true }]);
    expect(await meCalls()).to.equal(before);
  });

  it('a write from another browsing context (a storage event) is followed too', async () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    try {
      const c = controller({ backend: bknd({ host }), checkInterval: 0 });
      await c.start();
      frame.contentWindow!.localStorage.setItem('auth', await tokenFor(DEMO));
      await waitFor(() => c.state.status === 'authenticated', 1000, 'following the other context');
      frame.contentWindow!.localStorage.clear();
      await waitFor(() => c.state.status === 'unauthenticated', 1000, 'following the clear');
    } finally {
      frame.remove();
    }
  });

  it("another controller's sign-in (storage + BroadcastChannel) is handled once", async () => {
    const a = controller({ backend: bknd({ host }), checkInterval: 0 });
    const b = controller({ backend: bknd({ host }), checkInterval: 0 });
    await a.start();
    await b.start();
    const ev = recordEvents(b);
    await a.login(DEMO);
    await waitFor(() => b.state.status === 'authenticated', 1000, 'b follows');
    // Both the message and the storage change have surely arrived after a few polls.
    await new Promise((r) => setTimeout(r, 1200));
    expect(ev.of('session-login')).to.have.length(1);
    expect(ev.of('session-refresh')).to.have.length(0);
  });

  it('a different user written over the session is a sign-in that names the previous user', async () => {
    const c = controller({ backend: bknd({ host }), checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    const ev = recordEvents(c);
    localStorage.setItem('auth', await tokenFor(ADMIN));
    await waitFor(() => c.state.user?.email === ADMIN.email, 1000, 'the new user');
    const [login] = ev.of('session-login');
    expect(login.remote).to.equal(true);
    expect(login.previous.email).to.equal(DEMO.email);
  });

  it('garbage written over the key is removed with invalid-token and signs out', async () => {
    const c = controller({ backend: bknd({ host }), checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    const ev = recordEvents(c);
    localStorage.setItem('auth', 'not a token');
    await waitFor(() => c.state.status === 'unauthenticated', 1500, 'sign-out');
    expect(ev.errors()).to.deep.equal(['invalid-token']);
    expect(localStorage.getItem('auth')).to.equal(null);
  });
});

describe('session-login names the previous user when a sign-in replaces a different one', () => {
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  beforeEach(clearAll);
  afterEach(disposeAll);

  it('here: previous is the replaced user; the same user again has no previous', async () => {
    const c = controller({ backend: bknd({ host }), checkInterval: 0 });
    await c.start();
    const ev = recordEvents(c);
    await c.login(DEMO);
    await c.login(ADMIN);
    await c.login(ADMIN);
    const logins = ev.of('session-login');
    expect(logins.map((d) => 'previous' in d)).to.deep.equal([false, true, false]);
    expect(logins[1].previous.email).to.equal(DEMO.email);
    expect(logins[1].user.email).to.equal(ADMIN.email);
  });

  it('in another tab: the remote sign-in carries previous too', async () => {
    const a = controller({ backend: bknd({ host }), checkInterval: 0 });
    const b = controller({ backend: bknd({ host }), checkInterval: 0 });
    await a.start();
    await b.start();
    await a.login(DEMO);
    await waitFor(() => b.state.status === 'authenticated', 1000, 'b signed in');
    const ev = recordEvents(b);
    await a.login(ADMIN);
    await waitFor(() => b.state.user?.email === ADMIN.email, 1000, 'b switched user');
    const [login] = ev.of('session-login');
    expect(login).to.deep.include({ remote: true });
    expect(login.previous.email).to.equal(DEMO.email);
  });
});
