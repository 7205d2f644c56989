import { expect, html } from '@open-wc/testing';
import sinon from 'sinon';
import { MESSAGES, SessionError, bknd, type LoginForm, type SessionErrorCode, type SessionProvider } from '../../src/index.js';
import { DEMO, cleanStorage, collect, mount, newBknd, newFaultProxy, setFault, settled, waitFor } from './util.js';

/** Words of the developer's world: none may reach the person at the screen (issue 17, finding 6). */
const DEVELOPER = /bknd|token|cookie|partition|\bexp\b|json|cors|config|https?\b|status|sqlite|jwt|jwks|claim|\bnull\b|undefined|\b[1-5]\d\d\b|<[a-z-]+>|error/i;
const CODES = Object.keys(MESSAGES) as SessionErrorCode[];
/** Setup problems: their hint is for the developer, logged once. */
const PERSON: SessionErrorCode[] = ['invalid-credentials', 'account-exists', 'wrong-user'];

/** Every word the form shows (rendered text: labels, buttons, the alert, the status line). */
const shown = (f: LoginForm) => (f.querySelector('form') as HTMLElement).innerText;

async function submit(f: LoginForm, email = DEMO.email, password = 'password123') {
  const errors = collect(f, 'login-error');
  f.querySelector<HTMLInputElement>('[name=email]')!.value = email;
  f.querySelector<HTMLInputElement>('[name=password]')!.value = password;
  f.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
  await waitFor(() => errors.length, 8000, 'login-error');
  await f.updateComplete;
  return errors[0].detail.error as SessionError;
}

describe('two kinds of error text: plain words for the person, the cause and fix for the developer', () => {
  cleanStorage();
  let warn: sinon.SinonStub;
  beforeEach(() => {
    warn = sinon.stub(console, 'warn');
  });
  afterEach(() => warn.restore());

  it('the table has a plain message for every code, none with developer words', () => {
    expect(CODES).to.have.length(12);
    for (const code of CODES) {
      expect(MESSAGES[code], code).to.be.a('string').and.not.match(DEVELOPER);
      expect(new SessionError(code, 'the cause and the fix').message).to.equal(MESSAGES[code]);
    }
  });

  for (const code of CODES) {
    it(`${code}: the form shows only the plain message; the hint travels in the event, logged once if it is a setup problem`, async () => {
      const hint = `${code}: set Bknd auth.cookie { partitioned: true } (HTTP 500, JSON, CORS, the token has no numeric exp)`;
      const real = bknd({ host: await newBknd() });
      const backend = { ...real, login: async () => { throw new SessionError(code, hint, 500); } };
      const p = await settled(await mount<SessionProvider>(html`<session-provider .backend=${backend}><login-form></login-form></session-provider>`));
      const f = p.querySelector<LoginForm>('login-form')!;
      const error = await submit(f);
      expect(error).to.include({ code, message: MESSAGES[code], hint });
      expect(f.querySelector('[role=alert]')!.textContent).to.equal(MESSAGES[code]);
      expect(shown(f)).to.not.match(DEVELOPER);
      await submit(f); // the same failure again: not logged twice
      const logged = warn.getCalls().filter((c) => String(c.args[0]).includes(hint));
      expect(logged, 'console.warn').to.have.length(PERSON.includes(code) ? 0 : 1);
    });
  }

  describe('failures a real Bknd server produces', () => {
    let host: string;
    before(async () => {
      host = await newBknd();
    });

    const cases: [string, SessionErrorCode, () => Promise<{ attrs: Record<string, string>; password?: string; mode?: string }>][] = [
      ['a wrong password', 'invalid-credentials', async () => ({ attrs: { host }, password: 'wrong-password' })],
      ['an email that is taken', 'account-exists', async () => ({ attrs: { host }, mode: 'register', password: 'password123' })],
      ['a server that cannot be reached', 'network', async () => ({ attrs: { host: 'http://127.0.0.1:9' } })],
      ['a 500', 'server', async () => {
        const proxy = await newFaultProxy();
        await setFault(proxy.id, '500');
        return { attrs: { host: proxy.host } };
      }],
      ['an answer with no token', 'invalid-token', async () => {
        const proxy = await newFaultProxy();
        await setFault(proxy.id, 'json');
        return { attrs: { host: proxy.host } };
      }],
      ['a cookie the browser did not keep', 'cookie-blocked', async () => {
        const proxy = await newFaultProxy();
        await setFault(proxy.id, 'nocookie');
        return { attrs: { host: proxy.host, transport: 'cookie' }, password: DEMO.password };
      }],
    ];
    for (const [name, code, setup] of cases) {
      it(`${name}: ${code}, in plain words`, async () => {
        const { attrs, mode = 'login', password = DEMO.password } = await setup();
        const p = await settled(await mount<SessionProvider>(html`<session-provider host=${attrs.host} transport=${attrs.transport ?? 'header'}><login-form mode=${mode}></login-form></session-provider>`));
        const f = p.querySelector<LoginForm>('login-form')!;
        await f.updateComplete;
        const error = await submit(f, DEMO.email, password);
        expect(error.code).to.equal(code);
        expect(error.hint, 'the developer gets the details').to.be.a('string').and.not.equal('');
        expect(f.querySelector('[role=alert]')!.textContent).to.equal(MESSAGES[code]);
        expect(shown(f)).to.not.match(DEVELOPER);
      });
    }
  });
});
