import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKENDS, useTestServer } from './harness';

const ed25519Pem = () => generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe.each(BACKENDS)('enrollment ($name)', (backend) => {
  const s = useTestServer(backend);

  it('gives a device its token once per code; the token works, the server keeps only its hash', async () => {
    const { t } = s;
    const code = await t.enrollmentCode('stockholm');
    const body = { code, deviceName: 'Lucka 1', devicePublicKey: ed25519Pem() };
    const first = await t.request('POST', '/v1/enroll', { body });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({
      deviceId: expect.any(String),
      officeId: 'stockholm',
      officeIds: ['stockholm'],
      replacedDeviceIds: [],
      token: expect.any(String),
    });
    expect(first.json.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const again = await t.request('POST', '/v1/enroll', { body: { ...body, devicePublicKey: ed25519Pem() } });
    expect(again.status).toBe(422);
    expect(again.json.error.code).toBe('ENROLLMENT_CODE_INVALID');

    const devices = await t.store.listDevices();
    expect(devices).toHaveLength(1);
    expect(JSON.stringify(devices)).not.toContain(first.json.token);
    const stats = await t.request('GET', '/v1/stats/daily?office=stockholm&from=2026-03-01&to=2026-03-01', {
      token: first.json.token,
    });
    expect(stats.status).toBe(200);
  });

  it('refuses an expired code and an unknown one', async () => {
    const { t } = s;
    const code = await t.enrollmentCode('stockholm', 60_000);
    t.clock.advance(61_000);
    const expired = await t.request('POST', '/v1/enroll', {
      body: { code, deviceName: 'Lucka', devicePublicKey: ed25519Pem() },
    });
    expect(expired.status).toBe(422);
    expect(expired.json.error.code).toBe('ENROLLMENT_CODE_INVALID');
    const unknown = await t.request('POST', '/v1/enroll', {
      body: { code: 'AAAA-BBBB-CCCC', deviceName: 'Lucka', devicePublicKey: ed25519Pem() },
    });
    expect(unknown.json.error.code).toBe('ENROLLMENT_CODE_INVALID');
  });

  it('a code used by two devices at once enrolls exactly one', async () => {
    const { t } = s;
    const code = await t.enrollmentCode('malmo');
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        t.request('POST', '/v1/enroll', { body: { code, deviceName: `Lucka ${n}`, devicePublicKey: ed25519Pem() } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422, 422]);
    expect(await t.store.listDevices()).toHaveLength(1);
  });

  it('answers 422 VALIDATION with the paths of bad fields, and 400 for a body that is not JSON', async () => {
    const { t } = s;
    const bad = await t.request('POST', '/v1/enroll', {
      body: { code: 'abcd-1234', deviceName: '', devicePublicKey: ed25519Pem() },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.code).toBe('VALIDATION');
    const paths = bad.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['code', 'deviceName']));

    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' });
    const notEd = await t.request('POST', '/v1/enroll', {
      body: { code: await t.enrollmentCode('malmo'), deviceName: 'x', devicePublicKey: rsa.toString() },
    });
    expect(notEd.status).toBe(422);
    expect(notEd.json.error.details[0].path).toBe('devicePublicKey');

    const notJson = await t.request('POST', '/v1/enroll', { rawBody: '{"code":' });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe('BAD_REQUEST');
  });
});
