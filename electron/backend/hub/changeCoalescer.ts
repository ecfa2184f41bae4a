import type { HostEvent } from '../../../shared/api';
import type { Topic } from '../../../shared/topics';

/**
 * Gathers the change notices of one event-loop turn into one message per device stream.
 * With fifteen counters acting at once the hub would otherwise encrypt and send every
 * request's notice to every device separately; a window refetches by topic anyway, so
 * one notice naming the union of the topics says the same. Other events pass at once.
 */
export function coalesceChanges(send: (event: HostEvent) => void): {
  push(event: HostEvent): void;
  close(): void;
} {
  let pending: Set<Topic> | null = null;
  let timer: NodeJS.Immediate | null = null;
  const flush = () => {
    timer = null;
    const topics = pending;
    pending = null;
    if (topics?.size) send({ type: 'changed', topics: [...topics] });
  };
  return {
    push(event) {
      if (event.type !== 'changed') return send(event);
      pending ??= new Set();
      for (const topic of event.topics) pending.add(topic);
      timer ??= setImmediate(flush);
    },
    close() {
      if (timer) clearImmediate(timer);
      timer = null;
      pending = null;
    },
  };
}
