import { isIP } from 'node:net';

/** Which proxies' X-Forwarded-For the service believes: their addresses / CIDRs, or a number of hops. */
export type TrustProxy = false | string | readonly string[] | number;

export class TrustProxyError extends Error {}

const REFUSE_TRUE =
  "--trust-proxy true would believe any client's X-Forwarded-For (a device could claim any address and escape the per-address limits); name the proxy's address or CIDR (--trust-proxy 10.0.0.2), or the number of proxy hops in front (--trust-proxy 1)";

function checkAddress(entry: string): string {
  const [address, bits, extra] = entry.split('/');
  const version = isIP(address ?? '');
  const maxBits = version === 6 ? 128 : 32;
  const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
  if (version === 0 || !okBits || extra !== undefined)
    throw new TrustProxyError(`--trust-proxy: ${entry} is not an IP address or CIDR`);
  return entry;
}

/**
 * What the command line or buildServer was given, checked: `true`/"true" and anything that is
 * not addresses, CIDRs or a hop count is refused with a message saying what to give instead.
 */
export function checkTrustProxy(value: TrustProxy | boolean | undefined): false | string[] | number {
  if (value === undefined || value === false) return false;
  if (value === true) throw new TrustProxyError(REFUSE_TRUE);
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 10)
      throw new TrustProxyError('--trust-proxy: a hop count is a whole number from 1 to 10');
    return value;
  }
  const entries = (typeof value === 'string' ? value.split(',') : [...value]).map((e) => e.trim()).filter(Boolean);
  if (entries.length === 1 && /^\d+$/.test(entries[0]!)) return checkTrustProxy(Number(entries[0]));
  if (entries.some((e) => e.toLowerCase() === 'true')) throw new TrustProxyError(REFUSE_TRUE);
  if (entries.length === 0) throw new TrustProxyError("--trust-proxy needs the proxy's address, CIDR or hop count");
  return entries.map(checkAddress);
}
