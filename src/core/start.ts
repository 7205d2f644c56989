import { isSessionError } from './errors.js';
import { leaving } from './http.js';
import { getDocument, getWindow, listen } from './runtime.js';
import type { SessionHost } from './session-host.js';
import { resumeSignIn } from './sign-in.js';
import { OtherWriters } from './other-writers.js';
import { Tabs } from './tabs.js';

/**
 * What `start()` turns on (storage, the other tabs, page wake, idle input, other writers) and what
 * it finds, in order: a sign-in the page came back with (an OAuth redirect; fresher than storage),
 * the stored session (shown at once, the server's word behind it), a session an open tab hands
 * over (`storage="session"`), or an httpOnly cookie session we had no hint of. What it turns on is
 * released through `releases` (at once by `dispose()`, even while this still runs). The backend's
 * linked client (Bknd's `Api`) is followed from the start.
 */
export async function startSession(host: SessionHost, ready: unknown, releases: (() => void)[]) {
  const { config, store, check, activity, timer } = host;
  await Promise.all([store.open(config.storage), ready]);
  if (host.disposed) return;
  const tabs = (host.tabs = new Tabs(host));
  const otherWriters = new OtherWriters(host);
  // Throttled or frozen tabs and slept machines skip timers: focus, pageshow, becoming visible,
  // resume and online all mean "look at the clock again" (and `online`: a retry is worth trying at once).
  const win = getWindow();
  const doc = getDocument();
  const wake = () => void otherWriters.wake();
  releases.push(
    () => tabs.close(),
    listen(win, 'focus', wake),
    listen(win, 'pageshow', wake),
    listen(doc, 'visibilitychange', () => doc!.visibilityState === 'visible' && wake()),
    listen(doc, 'resume', wake),
    listen(win, 'online', () => ((check.retryAt = 0), wake())),
    // While the idle warning is open only "Stay signed in" counts, so keys used inside the dialog don't close it.
    activity.listen(() => host.state.status === 'authenticated' && host.state.warning?.kind !== 'idle'),
    otherWriters.watch(),
    config.backend.link?.watch((token) => void follow(host, token)) ?? (() => {}),
  );
  activity.last = Date.now();
  await restore(host);
  tabs.lead(() => timer.tick());
  timer.schedule();
}

/**
 * The linked client (Bknd's `Api`) signed in or out by itself: the session follows at once, as a
 * sign-in or sign-out of this tab (stored, told to every tab). The server already knows.
 */
async function follow(host: SessionHost, token: string | null) {
  const { tokens } = host;
  if (host.disposed || token === tokens.linked) return;
  tokens.linked = token;
  if (!token) return void (host.state.status === 'authenticated' && host.signOut('logout'));
  await host.accept({ token }, 'login').catch((e) => isSessionError(e) && host.report(e));
}

async function restore(host: SessionHost) {
  const { check, config, store } = host;
  try {
    const resumed = await resumeSignIn(config.backend, host.context());
    if (resumed && !host.disposed) return await host.accept(resumed, 'login');
  } catch (e) {
    if (isSessionError(e) && !host.disposed) host.report(e); // start goes on with what is stored
  }
  if (host.disposed) return;
  // A sign-out the last page left before the server confirmed it: finish it before trusting anything
  // (the cookie it meant to clear, a stored hint). It stays signed out even if the server cannot be reached.
  if (await store.marked()) {
    await config.backend.logout(leaving(host.context())).then(() => store.mark(false), () => {});
    await store.clear();
    return host.set({ status: 'unauthenticated', reason: 'logout' });
  }
  const stored = await store.read();
  if (host.disposed) return;
  if (stored && (await host.adopt(stored, 'load'))) return check.run();
  if (host.state.status === 'authenticated') return;
  const handed = await host.tabs!.askHandoff();
  const cookie = config.transport === 'cookie';
  if (handed && !host.disposed && (handed.token !== null || cookie) && (await host.adopt(handed, 'load'))) await store.write(handed);
  else if (cookie && !stored) await check.run();
  else host.set({ status: 'unauthenticated' });
}
