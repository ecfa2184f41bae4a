/**
 * The central service's address as the officer typed it. HTTPS in production; plain HTTP
 * only to this machine (a local service for testing), so a token never crosses a network
 * in clear text.
 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export type ServerAddressProblem = 'not_a_url' | 'insecure' | 'has_credentials' | 'has_query';

export function parseServerAddress(
  text: string,
): { ok: true; url: string } | { ok: false; problem: ServerAddressProblem } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'not_a_url' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'not_a_url' };
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) return { ok: false, problem: 'insecure' };
  if (url.username || url.password) return { ok: false, problem: 'has_credentials' };
  if (url.search || url.hash) return { ok: false, problem: 'has_query' };
  // One canonical form without a trailing slash, so paths join the same way every time.
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}
