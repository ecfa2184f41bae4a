import { describe, expect, it } from 'vitest';
import { observeCertificate, pinnedAgent, postJson } from '../../../electron/backend/hubLink/hubClient';
import { HUB_PATHS } from '../../../electron/backend/hub/wire';
import { startHubProcess } from '../../support/hubProcess';
import { tempDir } from '../../support/temp';

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
