/**
 * Delay before the next attempt after `failures` failures in a row: exponential, capped,
 * with "equal jitter" (half fixed, half random), so a hundred offices coming back online
 * at once do not knock on the service in lockstep, and no retry is ever immediate.
 */
export function backoffDelayMs(
  failures: number,
  options: { baseMs: number; maxMs: number; random: () => number },
): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + options.random() * (exp / 2));
}
