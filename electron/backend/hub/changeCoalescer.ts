import type { HostEvent } from '../../../shared/api';
import type { Topic } from '../../../shared/topics';

/**
 * At most one change notice per device stream in each `windowMs`: the first after a quiet
 * spell goes out on the next turn of the event loop, the ones that follow within the
 * window are merged into one sent when it ends. Every notice makes each of the device's
 * windows refetch what it shows, so a burst of calls (fifteen counters at once) costs the
 * hub one encrypted write and one refetch per window rather than one per call; a window
 * refetches by topic, so one notice naming the union of the topics says the same. The
 * delay is bounded by the window (the display's target is 100 ms). Other events pass at once.
 */
export const NOTICE_WINDOW_MS = 20;

export function coalesceChanges(
  send: (event: HostEvent) => void,
  options: { windowMs?: number; now?: () => number } = {},
): { push(event: HostEvent): void; close(): void } {
  const windowMs = options.windowMs ?? NOTICE_WINDOW_MS;
  const now = options.now ?? (() => performance.now());
  let pending: Set<Topic> | null = null;
  let timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  let lastSent = -Infinity;
  const flush = () => {
    timer = null;
    const topics = pending;
    pending = null;
    if (!topics?.size) return;
    lastSent = now();
    send({ type: 'changed', topics: [...topics] });
  };
  return {
    push(event) {
      if (event.type !== 'changed') return send(event);
      pending ??= new Set();
      for (const topic of event.topics) pending.add(topic);
      if (timer) return;
      const wait = lastSent + windowMs - now();
      timer = wait <= 0 ? setImmediate(flush) : setTimeout(flush, wait);
    },
    close() {
      if (timer) {
        clearTimeout(timer as NodeJS.Timeout);
        clearImmediate(timer as NodeJS.Immediate);
      }
      timer = null;
      pending = null;
    },
  };
}
