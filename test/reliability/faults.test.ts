import { expect } from '@open-wc/testing';
import { bknd, refreshBackend, type SessionBackend } from '../../src/core/index.js';
import { DEMO, RT_USER, clearAll, controller, disposeAll, newFaultProxy, newRefreshServer, recordEvents, setFault, waitFor } from '../helpers.js';

/**
 * Fault injection: a proxy in front of the real servers delays, drops, resets, answers 5xx or
 * HTML, or is down. While the token is valid there must be no sign-out; `offline` is set, and
 * cleared again on recovery when the `online` event fires.
 */
const MODES = ['hang', 'slow', 'reset', '500', '502', 'html', 'empty', 'down'] as const;
const TRIALS = 3;

describe('fault injection in front of real servers', () => {
  const tally = { trials: 0, falseSignOuts: 0, offlineSet: 0, recovered: 0 };
  beforeEach(clearAll);
  afterEach(disposeAll);
  after(() => {
    console.log(`fault injection: ${tally.trials} trials, ${tally.falseSignOuts} false sign-outs, offline set ${tally.offlineSet}, recovered ${tally.recovered}`);
  });

  const setups: [string, () => Promise<{ backend: SessionBackend; proxyId: string; credentials: typeof DEMO }>][] = [
    ['Bknd', async () => {
      const p = await newFaultProxy();
      return { backend: bknd({ host: p.host }), proxyId: p.id, credentials: DEMO };
    }],
    ['refresh-token server', async () => {
      const rt = await newRefreshServer(3600);
      const p = await newFaultProxy({ over: `rt:${rt.id}` });
      return { backend: refreshBackend({ host: p.host }), proxyId: p.id, credentials: RT_USER };
    }],
  ];

  for (const [name, setup] of setups) {
    describe(name, () => {
      for (const mode of MODES) {
        it(`${mode}: ${TRIALS} trials, no sign-out, offline set and cleared`, async () => {
          const { backend, proxyId, credentials } = await setup();
          const c = controller({ backend, checkInterval: 0, requestTimeout: 300 });
          const ev = recordEvents(c);
          await c.start();
          await c.login(credentials);
          for (let i = 0; i < TRIALS; i++) {
            tally.trials++;
            // 'slow' answers after the request timeout; 'down' is a server that drops connections
            await setFault(proxyId, mode === 'slow' ? 'pass' : mode === 'down' ? 'reset' : mode, mode === 'slow' ? 600 : 0);
            await c.refresh(); // a check (Bknd) or a refresh (refresh server) that meets the fault
            if (c.state.status !== 'authenticated') tally.falseSignOuts++;
            expect(c.state.status).to.equal('authenticated');
            expect(c.state.offline, 'offline set').to.equal(true);
            tally.offlineSet++;
            await setFault(proxyId, 'pass');
            window.dispatchEvent(new Event('online'));
            await waitFor(() => !c.state.offline, 3000, 'recovery on online');
            tally.recovered++;
          }
          expect(ev.of('session-logout')).to.deep.equal([]);
          const codes = new Set(ev.errors());
          expect([...codes]).to.have.length(1);
          expect([...codes][0]).to.equal(mode === 'hang' || mode === 'slow' ? 'timeout' : mode === 'reset' || mode === 'down' ? 'network' : 'server');
        });
      }
    });
  }
});
