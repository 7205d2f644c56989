// A private X display for browsers that cannot run headless (MiniBrowser). Xvfb picks a free display
// number itself (-displayfd), so parallel runs never collide; the caller stops it by its PID.
import { spawn } from 'node:child_process';

/** Starts Xvfb; resolves to `{ display: ':N', stop }` once it accepts connections. */
export function startXvfb({ timeout = 10000 } = {}) {
  const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  const stop = () => {
    if (proc.exitCode === null && proc.signalCode === null) process.kill(proc.pid, 'SIGTERM');
    return new Promise((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', r)));
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`Xvfb gave no display within ${timeout} ms: ${err}`)), timeout);
    const fail = (e) => {
      clearTimeout(timer);
      stop().then(() => reject(e));
    };
    proc.once('error', fail); // e.g. Xvfb not installed
    proc.once('exit', (code) => fail(new Error(`Xvfb exited (${code}): ${err}`)));
    proc.stdio[3].on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      proc.removeAllListeners('exit');
      resolve({ display: `:${out.trim()}`, pid: proc.pid, stop });
    });
  });
}
