import { expect } from '@open-wc/testing';
import { refreshBackend } from '../../src/core/index.js';
import { RT_USER, clearAll, controller, disposeAll, newRefreshServer, recordEvents, rtRefreshAnswer, rtStats, waitFor } from '../helpers.js';

/** A real refresh server told which answer to give; only "this refresh token is dead" signs out. */
describe('refresh answers are classified: only a dead refresh token signs out', () => {
  beforeEach(clearAll);
  afterEach(disposeAll);

  async function signedIn(accessTtl = 60) {
    const rt = await newRefreshServer(accessTtl);
    const c = controller({ backend: refreshBackend({ host: rt.host }), checkInterval: 0 });
    const ev = recordEvents(c);
    await c.start();
    await c.login(RT_USER);
    return { rt, c, ev };
  }

  const dead: [string, number, unknown][] = [
    ['401', 401, { error: 'Invalid refresh token' }],
    ['400 invalid_grant', 400, { error: 'invalid_grant', error_description: 'Refresh token expired' }],
  ];
  for (const [name, status, body] of dead) {
    it(`${name} signs out with reason invalid and an invalid-token error carrying the server's words`, async () => {
      const { rt, c, ev } = await signedIn();
      await rtRefreshAnswer(rt.id, status, body);
      expect(await c.refresh()).to.equal(false);
      expect(c.state).to.include({ status: 'unauthenticated', reason: 'invalid' });
      const [{ error }] = ev.of('session-error');
      expect(error).to.include({ code: 'invalid-token', status });
      if (status === 400) expect(error.hint).to.contain('Refresh token expired');
      expect(localStorage.getItem('auth')).to.equal(null);
    });
  }

  const setup: [string, number, unknown, string][] = [
    ['400 plain', 400, { error: 'unsupported body encoding' }, 'unsupported body encoding'],
    ['400 OAuth invalid_request', 400, { error: 'invalid_request', error_description: 'grant_type is required' }, 'grant_type is required'],
    ['403', 403, { message: 'client not allowed' }, 'client not allowed'],
    ['415', 415, { error: 'Unsupported Media Type' }, 'Unsupported Media Type'],
    ['422', 422, { error: 'refreshToken must be a form field' }, 'refreshToken must be a form field'],
    ['404 (wrong path)', 404, { error: 'Not found' }, 'Not found'],
  ];
  for (const [name, status, body, words] of setup) {
    it(`${name} keeps the session with one config error carrying the server's words`, async () => {
      const { rt, c, ev } = await signedIn();
      const token = localStorage.getItem('auth');
      await rtRefreshAnswer(rt.id, status, body);
      expect(await c.refresh()).to.equal(false);
      expect(await c.refresh()).to.equal(false);
      expect(c.state).to.include({ status: 'authenticated', reason: null });
      const errors = ev.of('session-error').map((d) => d.error);
      expect(errors, 'reported once').to.have.length(1);
      expect(errors[0]).to.include({ code: 'config', status });
      expect(errors[0].hint).to.contain(words);
      expect(localStorage.getItem('auth')).to.equal(token);
      expect(ev.of('session-logout')).to.deep.equal([]);
      // Fixed server side: the next refresh works and clears the error state.
      await rtRefreshAnswer(rt.id);
      expect(await c.refresh()).to.equal(true);
      expect(c.state.status).to.equal('authenticated');
    });
  }

  it('a 5xx stays a server error: offline, session kept', async () => {
    const { rt, c, ev } = await signedIn();
    await rtRefreshAnswer(rt.id, 503, { error: 'maintenance' });
    expect(await c.refresh()).to.equal(false);
    expect(c.state).to.include({ status: 'authenticated', offline: true });
    expect(ev.errors()).to.deep.equal(['server']);
  });

  it('with refresh refused as a setup problem, the session ends as expired when the access token does, backing off in between', async () => {
    const { rt, c, ev } = await signedIn(3);
    await rtRefreshAnswer(rt.id, 400, { error: 'bad encoding' });
    await waitFor(() => c.state.status === 'unauthenticated', 8000, 'expiry');
    expect(c.state.reason).to.equal('expired');
    expect(ev.of('session-logout')).to.deep.equal([{ reason: 'expired', remote: false }]);
    expect(ev.errors()).to.deep.equal(['config']);
    const { refresh } = await rtStats(rt.id);
    expect(refresh, 'retried, but with backoff').to.be.within(1, 4);
  });
});
