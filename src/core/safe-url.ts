/**
 * Resolves a redirect target and accepts it only when it stays on this page's origin. Relative
 * paths pass; `https://other`, `//other`, `javascript:`, `data:` and encoded or backslash tricks
 * that URL parsing turns into another origin do not. Returns null for anything refused.
 */
export function sameOriginUrl(target: string | null | undefined, base = globalThis.location?.href): URL | null {
  if (typeof target !== 'string' || !base) return null;
  // `%2F%2Fevil.example` is harmless to the browser but one decoding step (a server, a router)
  // away from an open redirect: its decoded form must pass too.
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // not decodable: nothing downstream decodes it either
  }
  if (decoded !== target && !sameOriginUrl(decoded, base)) return null;
  // Control characters and backslashes are how `/\evil.com` and `java\tscript:` sneak past naive checks.
  if (/[\u0000-\u001f\\]/.test(target)) return null;
  let url: URL;
  try {
    url = new URL(target, base);
  } catch {
    return null;
  }
  const here = new URL(base);
  return url.origin === here.origin && /^https?:$/.test(url.protocol) ? url : null;
}

/** `target` with a same-origin `returnTo` pointing back at `from` (the current page by default). */
export function withReturnTo(target: URL, from = globalThis.location?.href): URL {
  const back = from && sameOriginUrl(from);
  if (back) target.searchParams.set('returnTo', back.pathname + back.search + back.hash);
  return target;
}
