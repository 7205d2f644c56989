// A page that leaves as soon as it is signed out: through its own `session-logout` listener
// (`nav=listener`), through a guard's `redirect` (`nav=guard`), or at once (`nav=leave`). The page it lands on
// (`landed=1`) only reports what it finds. Configured from the query string.
import '../../src/index.js';
import type { SessionProvider } from '../../src/index.js';

const q = new URLSearchParams(location.search);
const landed = q.has('landed');
const next = new URL(location.href);
next.searchParams.set('landed', '1');
const provider = document.createElement('session-provider') as SessionProvider;
provider.transport = q.get('transport') === 'cookie' ? 'cookie' : 'header';
provider.checkInterval = 0;
provider.innerHTML = '<logout-button></logout-button>';
if (!landed && q.get('nav') === 'listener') provider.addEventListener('session-logout', () => location.assign(next.href));
document.body.append(provider);
/** Guards redirect as soon as they see a signed-out session: armed once signed in. */
const armGuard = () => {
  const guard = document.createElement('session-guard');
  guard.setAttribute('redirect', next.pathname + next.search);
  provider.append(guard);
};
/** Signs out and leaves at once, without waiting for anything (a link clicked right after "Sign out"). */
const leaveNow = () => {
  void provider.logout();
  location.assign(next.href);
};
Object.assign(window, { provider, armGuard, leaveNow, ready: provider.controller!.start() });
