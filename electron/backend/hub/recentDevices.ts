import type { HubDevice } from '../../../shared/api';

/**
 * Who a bearer token belonged to a moment ago, so a counter's every request does not hash
 * its token and read the device table again. Kept for `keepMs` (a second: the device list's
 * "last seen" is written from the real check, at most once a minute anyway), and dropped
 * whole the moment any device is revoked, so a revoked token is refused from its next
 * request on. Only successful checks are kept: a refusal always asks the store.
 */
export const RECENT_DEVICE_MS = 1000;

export function recentDevices(
  authenticate: (token: string) => HubDevice,
  options: { keepMs?: number; now?: () => number } = {},
): { authenticate(token: string): HubDevice; forget(): void } {
  const keepMs = options.keepMs ?? RECENT_DEVICE_MS;
  const now = options.now ?? Date.now;
  const recent = new Map<string, { device: HubDevice; until: number }>();
  return {
    authenticate(token) {
      const hit = recent.get(token);
      const t = now();
      if (hit && hit.until > t) return hit.device;
      recent.delete(token);
      const device = authenticate(token); // throws on a revoked or unknown token: nothing kept
      // A handful of devices per office; an expired entry is replaced on its next use.
      if (recent.size > 1000) recent.clear();
      recent.set(token, { device, until: t + keepMs });
      return device;
    },
    forget: () => recent.clear(),
  };
}
