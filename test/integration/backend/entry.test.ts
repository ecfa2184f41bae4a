import { EventEmitter } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../support/temp';

/** Electron's MessagePortMain shape (on('message', {data})), over a real Node MessagePort. */
function portMain(port: MessagePort) {
  return {
    on: (event: 'message' | 'close', fn: (e: { data: unknown }) => void) =>
      event === 'message' ? port.on('message', (data) => fn({ data })) : port.on('close', () => fn({ data: null })),
    postMessage: (data: unknown) => port.postMessage(data),
    start: () => port.start(),
  };
}

const saved = { argv: process.argv, parentPort: (process as { parentPort?: unknown }).parentPort };
afterEach(() => {
  process.argv = saved.argv;
  (process as { parentPort?: unknown }).parentPort = saved.parentPort;
});

describe('backend process entry (utilityProcess)', () => {
  it('serves the handler table on every port main hands it, over a real SQLite file', async () => {
    const dataDir = tempDir();
    const parentPort = new EventEmitter();
    (process as { parentPort?: unknown }).parentPort = parentPort;
    process.argv = [...saved.argv, `--data-dir=${dataDir}`];
    vi.resetModules();
    await import('../../../electron/backend/entry');

    const windows = [new MessageChannel(), new MessageChannel(), new MessageChannel()];
    const roles = ['counter', 'counter', 'kiosk'];
    windows.forEach((ch, i) =>
      parentPort.emit('message', { data: { type: 'connect', role: roles[i] }, ports: [portMain(ch.port1)] }),
    );

    // Everything each window receives: replies and pushed events.
    const received: unknown[][] = windows.map(() => []);
    windows.forEach((ch, i) => ch.port2.on('message', (m) => received[i]!.push(m)));
    const ask = async (i: number, id: number, channel: string, input: unknown) => {
      windows[i]!.port2.postMessage({ id, channel, input });
      let reply: unknown;
      await vi.waitFor(() => {
        reply = received[i]!.find((m) => (m as { id?: number }).id === id);
        expect(reply).toBeDefined();
      });
      return reply;
    };
    expect(await ask(0, 1, 'setup.save', { officeId: 'visby', officerSignature: 'KALO' })).toMatchObject({
      id: 1,
      ok: true,
    });
    // The second window sees what the first wrote: one backend, one store.
    // ...and was told so without asking (live push to every window).
    await vi.waitFor(() =>
      expect(received[1]).toContainEqual({ event: { type: 'changed', topics: ['setup', 'queue'] } }),
    );
    expect(await ask(1, 7, 'setup.get', {})).toEqual({
      id: 7,
      ok: true,
      result: { officeId: 'visby', officerSignature: 'KALO' },
    });
    // The kiosk's port reaches only the kiosk's channels: no case log, no setup changes.
    expect(await ask(2, 20, 'visits.today', {})).toMatchObject({ id: 20, ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ask(2, 21, 'setup.save', { officeId: 'visby', officerSignature: 'EVIL' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await ask(2, 22, 'tickets.issue', { queueLetter: 'A', source: 'officer' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await ask(2, 23, 'queue.kiosk', {})).toMatchObject({
      ok: true,
      result: [
        { letter: 'A', name: 'Allmänt' },
        { letter: 'B', name: 'ID-kort och identitetskontroll' },
      ],
    });
    expect(await ask(2, 24, 'tickets.issue', { queueLetter: 'A', source: 'kiosk' })).toMatchObject({
      ok: true,
      result: { number: 'A001' },
    });
    expect(await ask(1, 8, 'nope', {})).toMatchObject({
      id: 8,
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' },
    });
    // The product makes today's backup at start.
    await vi.waitFor(() =>
      expect(readdirSync(join(dataDir, 'backups'))).toEqual([
        expect.stringMatching(/^lucka-\d{4}-\d{2}-\d{2}\.sqlite$/),
      ]),
    );
    for (const ch of windows) {
      ch.port1.close();
      ch.port2.close();
    }
  });
});
