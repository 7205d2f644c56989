/**
 * The server's clock as seen from here. Expiry is judged against it, so a laptop whose clock is
 * minutes off neither signs out early nor keeps a dead token. Samples come from a fresh token's
 * `iat` and from the HTTP `Date` header; both have one-second resolution, so differences under
 * two seconds are treated as no skew.
 */
export class ServerClock {
  /** server time minus local time, in ms */
  skew = 0;

  sample(serverMs: number, localMs = Date.now()) {
    if (!Number.isFinite(serverMs)) return;
    const s = serverMs - localMs;
    this.skew = Math.abs(s) < 2000 ? 0 : s;
  }

  sampleDateHeader(headers: Headers) {
    const date = headers.get('date');
    if (date) this.sample(Date.parse(date));
  }

  /** Converts a server time in seconds (a JWT `exp`) to local `Date.now()` milliseconds. */
  toLocal(serverSeconds: number) {
    return serverSeconds * 1000 - this.skew;
  }
}
