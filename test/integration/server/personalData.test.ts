import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildServer, UNMATCHED_ROUTE } from '../../../server/app';
import { openSqliteStore } from '../../../server/store/sqliteStore';
import { tempDir } from '../../support/temp';
import { BACKENDS, servedEvent, useTestServer } from './harness';

/** A valid personnummer (check digit right) and a samordningsnummer, as an adversary types them. */
const PNR = '19900101-0017';
const PNR_DIGITS = '199001010017';
const SAMORDNING = '701063-2391';

function devicePem(): string {
  return generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

describe.each(BACKENDS)('personal data at the service ($name)', (backend) => {
  const s = useTestServer(backend);

  it('refuses a device name that could hold a personnummer, in any spelling, and stores nothing', async () => {
    const { t } = s;
    for (const deviceName of [
      PNR,
      `Disk ${SAMORDNING}`,
      'Disk １９９００１０１–００１７',
      'PC 9001\u200b01-0017',
      'ANNA!',
    ]) {
      const code = await t.enrollmentCode('stockholm');
      const res = await t.request('POST', '/v1/enroll', { body: { code, deviceName, devicePublicKey: devicePem() } });
      expect(res.status, deviceName).toBe(422);
      expect(res.json.error.details.length, deviceName).toBeGreaterThan(0);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toEqual(
        res.json.error.details.map(() => 'deviceName'),
      );
    }
    expect(await t.store.listDevices()).toEqual([]);
    // A real device name still enrolls.
    const code = await t.enrollmentCode('stockholm');
    const ok = await t.request('POST', '/v1/enroll', {
      body: { code, deviceName: 'Storuman disk 2 (SKV-PC-0412)', devicePublicKey: devicePem() },
    });
    expect(ok.status, ok.text).toBe(201);
  });

  it('keeps only the parsed device key, never other text sent around it', async () => {
    const { t } = s;
    const code = await t.enrollmentCode('stockholm');
    const pem = devicePem();
    const res = await t.request('POST', '/v1/enroll', {
      body: { code, deviceName: 'Disk 1', devicePublicKey: `${pem}${PNR}\n` },
    });
    expect(res.status, res.text).toBe(201);
    const [device] = await t.store.listDevices();
    expect(device!.publicKeyPem).toBe(pem);
    expect(JSON.stringify(await t.store.listDevices())).not.toContain(PNR_DIGITS.slice(2, 8));
  });

  it('stores an event id once whatever its case, and refuses the nil and max UUIDs', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const id = randomUUID();
    const lower = await t.upload(device.token, [servedEvent('stockholm', { id })]);
    expect(lower.json.stored).toEqual([id]);
    const upper = await t.upload(device.token, [servedEvent('stockholm', { id: id.toUpperCase() })]);
    expect(upper.status).toBe(200);
    // Same id (canonical lower case); its content differs (another local time), so it is a conflict, not a second event.
    expect(upper.json.conflicts).toEqual([id]);
    expect((await t.store.countEvents()).total).toBe(1);
    for (const reserved of ['00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF']) {
      const res = await t.upload(device.token, [servedEvent('stockholm', { id: reserved })]);
      expect(res.status, reserved).toBe(422);
      const sup = await t.upload(device.token, [servedEvent('stockholm', { supersedes: reserved })]);
      expect(sup.status, reserved).toBe(422);
    }
    expect((await t.store.countEvents()).total).toBe(1);
  });

  it('answers a body with a __proto__ key with its own typed error', async () => {
    const { t } = s;
    const code = await t.enrollmentCode('stockholm');
    const res = await t.request('POST', '/v1/enroll', {
      rawBody: `{"code":"${code}","deviceName":"Disk","devicePublicKey":"x","__proto__":{"admin":true}}`,
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { code: 'BAD_REQUEST', message: expect.any(String) } });
    expect(await t.store.listDevices()).toEqual([]);
  });
});

describe('request log and personal data', () => {
  it('logs route patterns and status, never a path, query or body as sent', async () => {
    const lines: string[] = [];
    const store = openSqliteStore(tempDir('lucka-log-'));
    const app = buildServer({ store, logger: { stream: { write: (l) => void lines.push(l) } } });
    try {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      await fetch(`${address}/v1/personer/${PNR}`);
      await fetch(`${address}/v1/guides/${PNR_DIGITS}/1`, { headers: { authorization: `Bearer ${'T'.repeat(43)}` } });
      await fetch(`${address}/v1/health?pnr=${PNR}`);
      await fetch(`${address}/v1/enroll?who=${SAMORDNING}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'AAAA-AAAA-AAAA', deviceName: PNR, devicePublicKey: PNR }),
      });
      // Bodies the parser refuses: their text (and so the number) must not reach the log via an error message.
      for (const body of [`{"deviceName":"${PNR}",`, `{"deviceName":"${PNR}","__proto__":{}}`])
        await fetch(`${address}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    } finally {
      await app.close();
      await store.close();
    }
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requests.map((r) => [r.method, r.route, r.status])).toEqual([
      ['GET', UNMATCHED_ROUTE, 404],
      ['GET', '/v1/guides/:packageId/:version', 401],
      ['GET', '/v1/health', 200],
      ['POST', '/v1/enroll', 422],
      ['POST', '/v1/enroll', 400],
      ['POST', '/v1/enroll', 400],
    ]);
    // Without the process id, host name and time, whose digits are the machine's, not the requests'.
    const all = lines.map((l) => JSON.stringify({ ...JSON.parse(l), pid: 0, hostname: '', time: 0 })).join('\n');
    for (const digits of ['19900101', '900101', '701063', '632391', '63-2391']) expect(all).not.toContain(digits);
    expect(all).not.toContain('personer');
  });
});
