import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../../shared/node/keyFingerprint';
import { enrollmentCodeHash } from '../../../server/auth';
import { admin, BACKENDS, useTestServer } from './harness';

const ed25519Pem = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe.each(BACKENDS)('device names and keys ($name)', (backend) => {
  const s = useTestServer(backend, { limits: { enrollPerAddress: 100 } });

  it('accepts printable names only: no control or format characters', async () => {
    const { t } = s;
    const enroll = async (deviceName: string) =>
      t.request('POST', '/v1/enroll', {
        body: { code: await t.enrollmentCode('stockholm'), deviceName, devicePublicKey: ed25519Pem() },
      });
    for (const bad of [
      'Disk\u001b[31m röd',
      'Disk 1\nforged-id\tstockholm',
      'Disk\u0000',
      'Disk\u0085',
      'Disk \u202egnidrowkcab',
      'Disk\u200b1',
      'Disk\ud800',
    ]) {
      const res = await enroll(bad);
      expect(res.status, JSON.stringify(bad)).toBe(422);
      expect(res.json.error.code).toBe('VALIDATION');
      // Refused as a device name: the shared schema (shared/sync.ts DeviceName: letters, digits, dashes and a
      // few signs) refuses these before the service's own printable check (server/printable.ts) is reached.
      expect(res.json.error.details).toEqual([expect.objectContaining({ path: 'deviceName' })]);
    }
    expect((await enroll('Disk Malmö – 2 (Östra)')).status).toBe(201);
    expect((await enroll('x'.repeat(61))).status).toBe(422);
    expect(await t.store.listDevices()).toHaveLength(1);
  });

  it('prints every stored field escaped in admin devices (rows stored before the rule cannot forge lines or colours)', async () => {
    const { t } = s;
    const pem = ed25519Pem();
    await t.store.createEnrollmentCode({
      codeHash: enrollmentCodeHash('AAAA-BBBB-CCCC'),
      officeId: 'stockholm',
      createdAt: t.clock.now().toISOString(),
      expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
    });
    await t.store.enrollDevice({
      codeHash: enrollmentCodeHash('AAAA-BBBB-CCCC'),
      now: t.clock.now().toISOString(),
      deviceId: randomUUID(),
      name: 'Disk\u001b[2J\u001b[31m\nfake-id\tmalmo\tX\t2026\tactive',
      tokenHash: 'f'.repeat(64),
      publicKeyPem: pem,
      keyFingerprint: keyFingerprint(pem),
      replaceSameKey: false,
    });
    const listed = await admin(t, ['devices']);
    expect(listed.code).toBe(0);
    expect(listed.out).toHaveLength(1);
    const line = listed.out[0]!;
    // No control character but the five separating tabs.
    expect([...line].filter((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)).toEqual(Array(5).fill('\t'));
    expect(line.split('\t')).toHaveLength(6);
    expect(line).toContain('Disk\\u{1b}[2J\\u{1b}[31m\\u{a}fake-id\\u{9}malmo');
  });

  it('refuses to enroll a key an active device holds (409, code not used); after revocation the key may enroll again', async () => {
    const { t } = s;
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const first = await t.request('POST', '/v1/enroll', {
      body: { code: await t.enrollmentCode('stockholm'), deviceName: 'Disk 1', devicePublicKey: pem },
    });
    expect(first.status).toBe(201);

    const code = await t.enrollmentCode('malmo');
    const taken = await t.request('POST', '/v1/enroll', {
      body: { code, deviceName: 'Disk 2', devicePublicKey: pem },
    });
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe('CONFLICT');
    expect(taken.json.error.details).toEqual([{ path: 'devicePublicKey', issue: 'key_in_use' }]);
    // The same code still works with the device's own key.
    const own = await t.request('POST', '/v1/enroll', {
      body: { code, deviceName: 'Disk 2', devicePublicKey: ed25519Pem() },
    });
    expect(own.status).toBe(201);

    // The fingerprint still names the first device (bundle imports check against it).
    expect((await t.store.deviceByFingerprint(keyFingerprint(pem)))?.id).toBe(first.json.deviceId);
    await t.store.revokeDevice(first.json.deviceId, t.clock.now().toISOString());
    const again = await t.request('POST', '/v1/enroll', {
      body: { code: await t.enrollmentCode('stockholm'), deviceName: 'Disk 1 ny', devicePublicKey: pem },
    });
    expect(again.status).toBe(201);
    expect((await t.store.deviceByFingerprint(keyFingerprint(pem)))?.id).toBe(again.json.deviceId);
  });
});
