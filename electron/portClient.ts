import { apiError } from '../shared/errors';
import type { Reply } from '../shared/api';

/** The part of a DOM MessagePort the client uses (Electron's renderer ports, Node's in tests). */
export interface PortLike {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  start?(): void;
  close(): void;
}

interface Pending {
  resolve(reply: Reply): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Request/reply over a MessagePort to the backend, surviving backend restarts: a
 * new port replaces the old one, requests in flight on the dead port get a typed
 * BACKEND_UNAVAILABLE reply (the UI says so and the officer retries), and requests
 * made while no port is attached wait for one.
 */
export class PortClient {
  private port: PortLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly waiting: { id: number; channel: string; input: unknown }[] = [];

  constructor(
    private readonly timeoutMs = 30_000,
    /** Pushed by the backend without a request ({event}): live updates. */
    private readonly onEvent: (event: unknown) => void = () => {},
  ) {}

  attach(port: PortLike): void {
    this.detach();
    this.port = port;
    port.onmessage = (event) => this.receive(event.data);
    port.start?.();
    for (const request of this.waiting.splice(0)) port.postMessage(request);
  }

  /** The backend went away: fail what was in flight, keep later requests waiting. */
  detach(): void {
    if (this.port) {
      this.port.onmessage = null;
      this.port.close();
      this.port = null;
    }
    const queued = new Set(this.waiting.map((w) => w.id));
    for (const id of [...this.pending.keys()]) {
      if (!queued.has(id)) this.settle(id, { id, ok: false, error: apiError('BACKEND_UNAVAILABLE') });
    }
  }

  request(channel: string, input: unknown): Promise<Reply> {
    const id = this.nextId++;
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(
        () => this.settle(id, { id, ok: false, error: apiError('BACKEND_UNAVAILABLE') }),
        this.timeoutMs,
      );
      this.pending.set(id, { resolve, timer });
      const message = { id, channel, input };
      if (this.port) this.port.postMessage(message);
      else this.waiting.push(message);
    });
  }

  private receive(data: unknown): void {
    if (data && typeof data === 'object' && 'event' in data) {
      this.onEvent((data as { event: unknown }).event);
      return;
    }
    const id = (data as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && this.pending.has(id)) this.settle(id, data as Reply);
  }

  private settle(id: number, reply: Reply): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    const queuedAt = this.waiting.findIndex((w) => w.id === id);
    if (queuedAt >= 0) this.waiting.splice(queuedAt, 1);
    pending.resolve(reply);
  }
}
