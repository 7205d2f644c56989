import { expect } from '@open-wc/testing';
import { deadlines, refreshLead, type Marks, type Timing } from '../../src/core/deadlines.js';
import type { SessionState } from '../../src/core/types.js';

/** The pure deadline function, with plain numbers: no timers, no browser state. */
describe('deadlines (pure)', () => {
  const T: Timing = { refreshBefore: 60_000, checkInterval: 300_000, idleTimeout: 0, warnBefore: 60_000 };
  const M: Marks = { lastActivity: 0, lastCheck: 0, retryAt: 0, lifetime: Infinity, leader: true, canRenew: false, renewalRefused: false };
  const S: SessionState = { status: 'authenticated', user: { id: 1 }, expiresAt: 1_000_000, warning: null, offline: false, reason: null, renewable: false };
  const at = (state: Partial<SessionState>, now: number, timing: Partial<Timing> = {}, marks: Partial<Marks> = {}) =>
    deadlines({ ...S, ...state }, { ...T, ...timing }, { ...M, ...marks }, now);

  it('signed out and online: nothing due and no timer', () => {
    const due = at({ status: 'unauthenticated', expiresAt: null }, 5);
    expect(due).to.deep.equal({ end: null, warning: null, refresh: false, check: false, retry: null, next: null, watch: false });
  });

  it('a hard expiry: warning window, then the end, with next at each boundary', () => {
    const before = at({}, 100_000);
    expect(before).to.include({ end: null, warning: null, next: 300_000 }); // the first periodic check comes first
    expect(at({}, 100_000, { checkInterval: 0 }).next).to.equal(940_000);
    expect(at({}, 940_000, { checkInterval: 0 }).warning).to.deep.equal({ kind: 'expiry', endsAt: 1_000_000 });
    expect(at({}, 940_000, { checkInterval: 0 }).next).to.equal(1_000_000);
    expect(at({}, 1_000_000).end).to.equal('expired');
  });

  it('a renewable session refreshes `refreshBefore` ahead, never before half the lifetime, and does not end while it can renew', () => {
    const r = { renewable: true };
    expect(refreshLead(T, { ...M, lifetime: 40_000 })).to.equal(20_000);
    expect(at(r, 939_999, {}, { canRenew: true }).refresh).to.equal(false);
    expect(at(r, 940_000, {}, { canRenew: true }).refresh).to.equal(true);
    expect(at(r, 980_000, {}, { canRenew: true, lifetime: 40_000 }).refresh).to.equal(true);
    expect(at(r, 979_999, {}, { canRenew: true, lifetime: 40_000 }).refresh).to.equal(false);
    expect(at(r, 1_000_001, {}, { canRenew: true }).end).to.equal(null);
    expect(at(r, 1_000_001, {}, { canRenew: false }).end).to.equal('expired');
  });

  it('the warning fits the token: warn-before is capped at a third of its lifetime (a 90 s token warns 30 s ahead, not 60)', () => {
    const short = { lifetime: 90_000 };
    expect(at({}, 969_999, { checkInterval: 0 }, short).warning).to.equal(null);
    expect(at({}, 970_000, { checkInterval: 0 }, short).warning).to.deep.equal({ kind: 'expiry', endsAt: 1_000_000 });
    expect(at({}, 100_000, { checkInterval: 0 }, short).next).to.equal(970_000);
    // A long token keeps the whole warn-before; a lifetime that is not known (no iat) does too.
    expect(at({}, 940_000, { checkInterval: 0 }, { lifetime: 3_600_000 }).warning?.kind).to.equal('expiry');
    expect(at({}, 940_000, { checkInterval: 0 }).warning?.kind).to.equal('expiry');
  });

  it('the idle warning keeps warn-before: the page chose both it and idle-timeout', () => {
    const idle = { idleTimeout: 90_000 };
    expect(at({ expiresAt: null }, 29_999, idle).warning).to.equal(null);
    expect(at({ expiresAt: null }, 30_000, idle).warning).to.deep.equal({ kind: 'idle', endsAt: 90_000 });
  });

  it('followers refresh a little after the leader', () => {
    const r = { renewable: true };
    expect(at(r, 940_000, { checkInterval: 0 }, { canRenew: true, leader: false }).refresh).to.equal(false);
    expect(at(r, 940_000, { checkInterval: 0 }, { canRenew: true, leader: false }).next).to.equal(950_000);
  });

  it('renewable sessions warn late (half the refresh lead at most), so a working refresh never shows a warning', () => {
    expect(at({ renewable: true }, 969_999, {}, { canRenew: true }).warning).to.equal(null);
    expect(at({ renewable: true }, 970_000, {}, { canRenew: true }).warning?.kind).to.equal('expiry');
  });

  it('a refused refresh (setup problem) waits for retryAt and ends at expiry', () => {
    const marks = { canRenew: true, renewalRefused: true, retryAt: 950_000 };
    expect(at({ renewable: true }, 945_000, { checkInterval: 0 }, marks)).to.include({ refresh: false, next: 950_000 });
    expect(at({ renewable: true }, 950_000, {}, marks).refresh).to.equal(true);
    expect(at({ renewable: true }, 1_000_000, {}, marks).end).to.equal('expired');
  });

  it('idle: a warning `warnBefore` ahead, then the end; idle wins over expiry', () => {
    const idle = { idleTimeout: 600_000 };
    expect(at({ expiresAt: null }, 539_999, idle).warning).to.equal(null);
    expect(at({ expiresAt: null }, 540_000, idle).warning).to.deep.equal({ kind: 'idle', endsAt: 600_000 });
    expect(at({ expiresAt: 600_000 }, 600_000, idle).end).to.equal('idle');
  });

  it('the earlier end decides which warning shows', () => {
    const due = at({ expiresAt: 570_000 }, 545_000, { idleTimeout: 600_000 });
    expect(due.warning).to.deep.equal({ kind: 'expiry', endsAt: 570_000 });
  });

  it('only the leader checks, and not while offline', () => {
    expect(at({}, 300_000).check).to.equal(true);
    expect(at({}, 300_000, {}, { leader: false }).check).to.equal(false);
    expect(at({ offline: true }, 300_000, {}, { retryAt: 400_000 }).check).to.equal(false);
    expect(at({}, 300_000, { checkInterval: 0 }).check).to.equal(false);
  });

  it('offline: retry at retryAt, a refresh if the token is in its refresh window, else a check', () => {
    expect(at({ offline: true }, 100, {}, { retryAt: 200 })).to.include({ retry: null, next: 200 });
    expect(at({ offline: true }, 200, {}, { retryAt: 200 }).retry).to.equal('check');
    expect(at({ offline: true, renewable: true }, 950_000, {}, { retryAt: 200, canRenew: true }).retry).to.equal('refresh');
    expect(at({ offline: true, status: 'unauthenticated', expiresAt: null }, 200, {}, { retryAt: 200 })).to.include({ retry: 'check', watch: true });
  });

  it('a signed-in session always wants a timer (the backstop), even with no deadline ahead', () => {
    expect(at({ expiresAt: null }, 5, { checkInterval: 0 })).to.include({ next: null, watch: true });
  });
});
