import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { observeCertificate, pinnedAgent, postJson } from '../../../electron/backend/hubLink/hubClient';
import { HUB_PATHS } from '../../../electron/backend/hub/wire';
import { tempDir } from '../../support/temp';

const saved = { argv: process.argv, parentPort: (process as { parentPort?: unknown }).parentPort };
afterEach(() => {
  process.argv = saved.argv;
  (process as { parentPort?: unknown }).parentPort = saved.parentPort;
  vi.restoreAllMocks();
});

describe('backend process entry as the office hub (Electron started with --hub)', () => {
  it('serves the office over HTTPS with a certificate of its own and says where, when main passes --hub-port', async () => {
    const dataDir = tempDir();
    (process as { parentPort?: unknown }).parentPort = new EventEmitter();
    process.argv = [...saved.argv, `--data-dir=${dataDir}`, '--hub-port=0', '--hub-listen=127.0.0.1'];
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (String(chunk).startsWith('{"hub"')) lines.push(String(chunk));
      return write(chunk, ...(rest as []));
    });
    vi.resetModules();
    await import('../../../electron/backend/entry');

    await vi.waitFor(() => expect(lines).toHaveLength(1), { timeout: 10_000 });
    const started = JSON.parse(lines[0]!) as { hub: string; port: number; fingerprint: string; dataDir: string };
    expect(started).toMatchObject({ hub: `https://127.0.0.1:${started.port}`, dataDir });
    const seen = await observeCertificate('127.0.0.1', started.port);
    expect(seen.fingerprint).toBe(started.fingerprint);
    // The hub's host, refusing a caller that is not a paired device.
    const agent = pinnedAgent(seen);
    const answer = await postJson(
      agent,
      { host: '127.0.0.1', port: started.port, path: HUB_PATHS.request },
      { id: 1, channel: 'queue.snapshot', input: {} },
      { authorization: 'Bearer not-a-device' },
      5000,
    );
    agent.destroy();
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'HUB_DEVICE_REVOKED' } } });
  });
});
