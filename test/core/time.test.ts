import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { bknd } from '../../src/core/index.js';
import { DEMO, clearAll, controller, disposeAll, newBknd, recordEvents, requestCounts } from '../helpers.js';

/** Time is faked (sinon); the server is real. */
describe('time: idle, periodic checks, sleep and clock skew', () => {
  let clock: sinon.SinonFakeTimers;
  let host: string;
  before(async () => {
    host = await newBknd();
  });
  beforeEach(() => {
    clearAll();
    clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    disposeAll();
    clock.restore();
  });

  it('warns before an idle sign-out, activity resets it, then signs out with reason idle', async () => {
    const c = controller({ backend: bknd({ host }), idleTimeout: 60, warnBefore: 20, checkInterval: 0 });
    const ev = recordEvents(c);
    await c.start();
    await c.login(DEMO);
    await clock.tickAsync(30_000);
    window.dispatchEvent(new Event('pointerdown')); // activity at t=30 s
    await clock.tickAsync(39_000); // t=69 s: 39 s since activity, no warning yet
    expect(c.state.warning).to.equal(null);
    await clock.tickAsync(2_000); // t=71 s: 41 s idle: inside the 20 s window
    expect(c.state.warning?.kind).to.equal('idle');
    expect(ev.of('session-expiring')).to.have.length(1);
    window.dispatchEvent(new KeyboardEvent('keydown')); // keys inside the warning do not count
    await clock.tickAsync(20_000);
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'idle' });
    expect(ev.of('session-logout')).to.deep.equal([{ reason: 'idle', remote: false }]);
  });

  it('extend() closes the idle warning and restarts the idle clock', async () => {
    const c = controller({ backend: bknd({ host }), idleTimeout: 60, warnBefore: 20, checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    await clock.tickAsync(45_000);
    expect(c.state.warning?.kind).to.equal('idle');
    expect(await c.extend()).to.equal(false); // Bknd cannot renew the token; the idle clock restarts
    expect(c.state.warning).to.equal(null);
    await clock.tickAsync(39_000);
    expect(c.state.status).to.equal('authenticated');
    expect(c.state.warning).to.equal(null);
  });

  it('re-validates with the server every check-interval', async () => {
    // The real Bknd backend, with its answers counted, so the test knows when one has arrived.
    const real = bknd({ host });
    let answered = 0;
    const backend = { ...real, me: async (ctx: Parameters<typeof real.me>[0]) => real.me(ctx).finally(() => answered++) };
    const c = controller({ backend, checkInterval: 10 });
    await c.start();
    await c.login(DEMO);
    const id = host.split('/').pop()!;
    const checks = async () => (await requestCounts(id))[`${id} /api/auth/me`] ?? 0;
    await requestCounts(id, true);
    const base = answered;
    await clock.tickAsync(9_000);
    expect(await checks()).to.equal(0);
    for (let i = 1; i <= 3; i++) {
      await clock.tickAsync(i === 1 ? 1_000 : 10_000);
      // the request is real: wait (without timers, they are fake) until its answer is in
      for (let n = 0; n < 500 && answered - base < i; n++) await checks();
      await clock.tickAsync(0);
      expect(await checks()).to.equal(i);
    }
    expect(c.state.status).to.equal('authenticated');
  });

  it('after the machine slept past expiry, the state is right as soon as the page wakes', async () => {
    const h = await newBknd(120);
    const c = controller({ backend: bknd({ host: h }), checkInterval: 0, warnBefore: 10 });
    await c.start();
    await c.login(DEMO);
    clock.setSystemTime(Date.now() + 3 * 3600_000); // wall clock jumps, timers did not fire
    window.dispatchEvent(new Event('focus'));
    await clock.tickAsync(0);
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'expired' });
  });

  it('a restored page (pageshow) or resumed page re-evaluates the warning window at once', async () => {
    const h = await newBknd(120);
    const c = controller({ backend: bknd({ host: h }), checkInterval: 0, warnBefore: 30 });
    await c.start();
    await c.login(DEMO);
    clock.setSystemTime(Date.now() + 100_000);
    document.dispatchEvent(new Event('resume'));
    await clock.tickAsync(0);
    expect(c.state.warning?.kind).to.equal('expiry');
    expect(c.state.status).to.equal('authenticated');
  });

  it("judges expiry on the server's clock when the laptop's clock is 10 minutes slow", async () => {
    clock.setSystemTime(Date.now() - 10 * 60_000);
    const h = await newBknd(300);
    const c = controller({ backend: bknd({ host: h }), checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    const left = c.state.expiresAt! - Date.now();
    expect(left).to.be.within(295_000, 301_000); // not 15 minutes
    await clock.tickAsync(301_000);
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'expired' });
  });

  it('a page restored from the back/forward cache (pageshow, persisted) catches up with a sign-out made meanwhile', async () => {
    const c = controller({ backend: bknd({ host }), checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    // While the page sat in the cache, another tab signed out: the channel message never arrived.
    localStorage.removeItem('auth');
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await clock.tickAsync(0);
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'logout' });
  });

  it('a throttled background tab whose timers never fired is right as soon as it becomes visible', async () => {
    const c = controller({ backend: bknd({ host }), idleTimeout: 120, warnBefore: 30, checkInterval: 0 });
    await c.start();
    await c.login(DEMO);
    clock.setSystemTime(Date.now() + 100_000); // 100 s passed, no timer ran
    expect(c.state.warning).to.equal(null);
    document.dispatchEvent(new Event('visibilitychange'));
    await clock.tickAsync(0);
    expect(c.state.warning?.kind).to.equal('idle');
    clock.setSystemTime(Date.now() + 30_000);
    document.dispatchEvent(new Event('visibilitychange'));
    await clock.tickAsync(0);
    expect(c.state).to.include({ status: 'unauthenticated', reason: 'idle' });
  });
});
