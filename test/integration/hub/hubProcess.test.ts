import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { observeCertificate, pinnedAgent, postJson } from '../../../electron/backend/hubLink/hubClient';
import { HUB_PATHS } from '../../../electron/backend/hub/wire';
import { tempDir } from '../../support/temp';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** `npm run hub` as an office would run it (its own process and data dir), on 127.0.0.1. */
async function startHubProcess(dataDir: string) {
  const child = spawn(
    process.execPath,
    ['scripts/hub.mjs', '--data-dir', dataDir, '--port', '0', '--listen', '127.0.0.1'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}`)));
  });
  const started = JSON.parse(line) as { port: number; fingerprint: string };
  const stopped = new Promise<number | null>((r) => child.once('exit', r));
  return { ...started, stop: () => (child.kill('SIGTERM'), stopped) };
}

describe('npm run hub', () => {
  it('serves HTTPS with a certificate made on first start and kept across restarts; unpaired callers are refused', async () => {
    const dataDir = tempDir();
    const first = await startHubProcess(dataDir);
    const seen = await observeCertificate('127.0.0.1', first.port);
    expect(seen.fingerprint).toBe(first.fingerprint);
    const agent = pinnedAgent(seen);
    const answer = await postJson(
      agent,
      { host: '127.0.0.1', port: first.port, path: HUB_PATHS.request },
      { id: 1, channel: 'queue.snapshot', input: {} },
      { authorization: 'Bearer not-a-device' },
      5000,
    );
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'HUB_DEVICE_REVOKED' } } });
    agent.destroy();
    expect(await first.stop()).toBe(0);

    const second = await startHubProcess(dataDir);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect((await observeCertificate('127.0.0.1', second.port)).fingerprint).toBe(first.fingerprint);
    expect(await second.stop()).toBe(0);
  }, 60_000);
});
