import { isSessionError } from './errors.js';
import type { SessionHost } from './session-host.js';
import { resumeSignIn } from './sign-in.js';

/**
 * What `start()` finds, in order: a sign-in the page came back with (an OAuth redirect; fresher
 * than storage), the stored session (shown at once, the server's word behind it), a session an
 * open tab hands over (`storage="session"`), or an httpOnly cookie session we had no hint of.
 */
export async function restoreSession(host: SessionHost) {
  const { check } = host;
  try {
    const resumed = await resumeSignIn(host.config.backend, host.context());
    if (resumed && !host.disposed) return await host.accept(resumed, 'login');
  } catch (e) {
    if (isSessionError(e) && !host.disposed) host.report(e); // start goes on with what is stored
  }
  if (host.disposed) return;
  const stored = await host.store.read();
  if (host.disposed) return;
  if (stored && (await host.adopt(stored, 'load'))) return check.run();
  if (host.state.status === 'authenticated') return;
  const handed = await host.tabs!.askHandoff();
  const cookie = host.config.transport === 'cookie';
  if (handed && !host.disposed && (handed.token !== null || cookie) && (await host.adopt(handed, 'load'))) await host.store.write(handed);
  else if (cookie && !stored) await check.run();
  else host.set({ status: 'unauthenticated' });
}
