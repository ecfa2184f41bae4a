import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { servePort } from '../../../electron/backend/servePort';

/** Electron's MessagePortMain shape (on('message', {data})), over a real Node MessagePort. */
function portMain(port: MessagePort) {
  return {
    on: (event: 'message' | 'close', fn: (e: { data: unknown }) => void) =>
      event === 'message' ? port.on('message', (data) => fn({ data })) : port.on('close', () => fn({ data: null })),
    postMessage: (data: unknown) => port.postMessage(data),
    start: () => port.start(),
  };
}

function replies(port: MessagePort, count: number): Promise<unknown[]> {
  const got: unknown[] = [];
  return new Promise((resolve) =>
    port.on('message', (m) => {
      got.push(m);
      if (got.length === count) resolve(got);
    }),
  );
}

describe('servePort (the backend side of a window port)', () => {
  it('answers a request whose handling rejects with INTERNAL at once, instead of leaving the window to time out', async () => {
    const { port1, port2 } = new MessageChannel();
    const log = vi.fn();
    const host = {
      handle: vi.fn(async (envelope: unknown) => {
        const { id, channel } = envelope as { id: number; channel: string };
        if (channel === 'boom') throw new Error('transport broke');
        return { id, ok: true, result: channel };
      }),
    };
    servePort(portMain(port1), host, log);
    const got = replies(port2, 2);
    port2.postMessage({ id: 1, channel: 'boom', input: {} });
    port2.postMessage({ id: 2, channel: 'setup.get', input: {} });
    expect(await got).toEqual([
      { id: 1, ok: false, error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' } },
      { id: 2, ok: true, result: 'setup.get' },
    ]);
    expect(log).toHaveBeenCalledWith(
      expect.objectContaining({ level: 'error', error: expect.stringContaining('transport broke') }),
    );
    port1.close();
  });
});
