import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../server/run';
import { openSqliteStore } from '../../../server/store/sqliteStore';
import { tempDir } from '../../support/temp';

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
