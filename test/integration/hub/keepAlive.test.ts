import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { pinnedAgent } from '../../../electron/backend/hubLink/hubClient';
import { HUB_CLIENT_IDLE_MS, HUB_KEEP_ALIVE_MS, HUB_PATHS } from '../../../electron/backend/hub/wire';
import { testHub } from '../../support/hub';

describe("a device's connection to the hub outlives the minutes between an officer's calls", () => {
  it('the hub keeps an idle connection ten minutes and says so; the device closes its side first and reuses it meanwhile', async () => {
    const hub = await testHub();
    const agent = pinnedAgent(hub.certificate);
    const ask = () =>
      new Promise<{ keepAlive: string | undefined; socket: unknown }>((resolve, reject) => {
        const req = request(
          { agent, host: '127.0.0.1', port: hub.server.port, path: HUB_PATHS.request, method: 'POST' },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ keepAlive: String(res.headers['keep-alive']), socket: req.socket }));
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
    const first = await ask();
    // Node's client reads this hint and would close a little before it (docs: http Agent keepSocketAlive).
    expect(first.keepAlive).toBe(`timeout=${HUB_KEEP_ALIVE_MS / 1000}`);
    const second = await ask();
    expect(second.socket).toBe(first.socket); // one TLS handshake for both
    expect((first.socket as { timeout?: number }).timeout).toBe(HUB_CLIENT_IDLE_MS);
    expect(HUB_CLIENT_IDLE_MS).toBeLessThan(HUB_KEEP_ALIVE_MS);
    agent.destroy();
  });
});
