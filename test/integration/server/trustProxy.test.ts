import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/run';
import { openSqliteStore } from '../../../server/store/sqliteStore';
import { tempDir } from '../../support/temp';
import { checkTrustProxy } from '../../../server/trustProxy';

let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  await server?.store.close();
  server = null;
});

async function enrollFrom(address: string): Promise<number> {
  const res = await fetch(`${server!.url}/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ code: 'AAAA-BBBB-CCCC', deviceName: 'x', devicePublicKey: '-----BEGIN PUBLIC KEY-----' }),
  });
  return res.status;
}

describe('behind the TLS proxy', () => {
  it('limits enrollment per device address the proxy forwards, not per proxy', async () => {
    server = await startServer({
      store: openSqliteStore(tempDir()),
      logger: false,
      trustProxy: '127.0.0.1',
      limits: { enrollPerAddress: 2 },
    });
    expect([await enrollFrom('10.1.1.1'), await enrollFrom('10.1.1.1'), await enrollFrom('10.1.1.1')]).toEqual([
      422, 422, 429,
    ]);
    // Another office's computer behind the same proxy is not locked out.
    expect(await enrollFrom('10.2.2.2')).toBe(422);
  });

  it('without it, the proxy is one address for everyone (the reason to set it)', async () => {
    server = await startServer({ store: openSqliteStore(tempDir()), logger: false, limits: { enrollPerAddress: 2 } });
    await enrollFrom('10.1.1.1');
    await enrollFrom('10.1.1.1');
    expect(await enrollFrom('10.2.2.2')).toBe(429);
  });
});

describe('--trust-proxy', () => {
  it('refuses true (anyone could claim any address), with a message saying what to give instead', async () => {
    const store = openSqliteStore(tempDir());
    try {
      await expect(startServer({ store, logger: false, trustProxy: true as never })).rejects.toThrow(
        /would believe any client's X-Forwarded-For.*--trust-proxy 10\.0\.0\.2.*--trust-proxy 1/,
      );
      await expect(startServer({ store, logger: false, trustProxy: 'true' })).rejects.toThrow(/--trust-proxy true/);
      await expect(startServer({ store, logger: false, trustProxy: 'proxy.example' })).rejects.toThrow(
        /not an IP address or CIDR/,
      );
    } finally {
      await store.close();
    }
    expect(checkTrustProxy('10.0.0.2, 10.1.0.0/16')).toEqual(['10.0.0.2', '10.1.0.0/16']);
    expect(checkTrustProxy('2')).toBe(2);
    expect(() => checkTrustProxy('0')).toThrow(/hop count/);
  });

  it('is refused by npm run server with the message and exit code 2', () => {
    const run = spawnSync(
      process.execPath,
      ['scripts/server.mjs', 'main', '--trust-proxy', 'true', '--data-dir', tempDir(), '--port', '0'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/--trust-proxy true would believe any client's X-Forwarded-For/);
  }, 60_000);

  it('takes a hop count: the address the nearest proxy forwarded is the client', async () => {
    server = await startServer({
      store: openSqliteStore(tempDir()),
      logger: false,
      trustProxy: 1,
      limits: { enrollPerAddress: 2 },
    });
    // The nearest proxy appends the address it saw; anything a client put before it is not believed.
    expect([
      await enrollFrom('6.6.6.6, 10.1.1.1'),
      await enrollFrom('7.7.7.7, 10.1.1.1'),
      await enrollFrom('8.8.8.8, 10.1.1.1'),
    ]).toEqual([422, 422, 429]);
    expect(await enrollFrom('10.2.2.2')).toBe(422);
  });
});
