import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importStatsBundle } from '../../../server/bundle';
import { keyFingerprint } from '../../../shared/node/keyFingerprint';
import { signStatsBundle, verifyStatsBundle } from '../../../shared/node/statsBundle';
import { tempDir } from '../../support/temp';
import { admin, BACKENDS, servedEvent, useTestServer, type EnrolledDevice } from './harness';

const CREATED = '2026-03-10T08:00:00.000Z';

function bundleText(device: Pick<EnrolledDevice, 'privateKey' | 'publicKeyPem'>, events = [servedEvent('stockholm')]) {
  return JSON.stringify(signStatsBundle(events, device.privateKey, device.publicKeyPem, CREATED), null, 2);
}

function writeBundle(text: string): string {
  const path = join(tempDir('lucka-bundle-'), 'lucka-stats.json');
  writeFileSync(path, text);
  return path;
}

describe('stats bundle signing (shared/statsBundle.ts)', () => {
  it('verifies what it signs, and refuses a changed event, a swapped key or a wrong fingerprint', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const text = bundleText({ privateKey, publicKeyPem });
    const ok = verifyStatsBundle(text);
    expect(ok.ok).toBe(true);
    expect(ok.ok && ok.bundle.keyFingerprint).toBe(keyFingerprint(publicKeyPem));

    const tampered = JSON.parse(text);
    tampered.events[0].serviceSeconds += 1;
    expect(verifyStatsBundle(JSON.stringify(tampered))).toMatchObject({ ok: false, reason: 'bad_signature' });

    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const swapped = { ...JSON.parse(text), publicKeyPem: other };
    expect(verifyStatsBundle(JSON.stringify(swapped))).toMatchObject({ ok: false, reason: 'fingerprint_mismatch' });
    swapped.keyFingerprint = keyFingerprint(other);
    expect(verifyStatsBundle(JSON.stringify(swapped))).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(verifyStatsBundle('nope')).toMatchObject({ ok: false, reason: 'not_json' });
    expect(verifyStatsBundle('{"format":"lucka-stats-bundle/1"}')).toMatchObject({ ok: false, reason: 'bad_format' });
  });
});

describe.each(BACKENDS)('offline bundle import ($name)', (backend) => {
  const s = useTestServer(backend);

  it('imported twice counts once; imported then uploaded counts once', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const events = [servedEvent('stockholm'), servedEvent('stockholm'), servedEvent('stockholm')];
    const file = writeBundle(bundleText(device, events));
    const first = await admin(t, ['import-bundle', file]);
    expect(first.code, first.err.join('\n')).toBe(0);
    expect(first.out[0]).toMatch(/imported 3 events .*: 3 new, 0 already held \(0 newly quarantined\), 0 conflicts/);
    expect(first.out[1]).toBe('  stockholm: 3 events, 3 new, 0 already held');
    const second = await admin(t, ['import-bundle', file]);
    expect(second.code).toBe(0);
    // The admin is told what arrived: nothing new the second time.
    expect(second.out[0]).toMatch(/: 0 new, 3 already held/);
    expect(second.out[1]).toBe('  stockholm: 3 events, 0 new, 3 already held');
    // The events stay pending on the device, so the uploader sends them too.
    const upload = await t.upload(device.token, events);
    expect(upload.json.stored.sort()).toEqual(events.map((e) => e.id).sort());
    expect((await t.store.countEvents()).total).toBe(3);
    const stats = await t.request('GET', '/v1/stats/daily?office=stockholm&from=2026-03-09&to=2026-03-09', {
      token: device.token,
    });
    expect(stats.json.total.arrived).toBe(3);
  });

  it('uploaded then imported counts once', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const events = [servedEvent('stockholm'), servedEvent('stockholm')];
    await t.upload(device.token, events);
    const result = await importStatsBundle(t.store, bundleText(device, events));
    expect(result).toMatchObject({ events: 2, stored: 2, conflicts: [] });
    expect((await t.store.countEvents()).total).toBe(2);
  });

  it('refuses a tampered event, and stores nothing of it', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const bundle = JSON.parse(bundleText(device, [servedEvent('stockholm'), servedEvent('stockholm')]));
    bundle.events[1].waitingSeconds = 0;
    const res = await admin(t, ['import-bundle', writeBundle(JSON.stringify(bundle))]);
    expect(res.code).toBe(1);
    expect(res.err.join('\n')).toMatch(/signature/);
    expect((await t.store.countEvents()).total).toBe(0);
  });

  it('accepts an unregistered key only with --trust of its fingerprint; refuses a revoked device and a foreign office', async () => {
    const { t } = s;
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const file = writeBundle(bundleText({ privateKey, publicKeyPem }));
    const refused = await admin(t, ['import-bundle', file]);
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain(`--trust ${keyFingerprint(publicKeyPem)}`);
    const trusted = await admin(t, ['import-bundle', file, '--trust', keyFingerprint(publicKeyPem)]);
    expect(trusted.code, trusted.err.join('\n')).toBe(0);
    expect(trusted.out[0]).toMatch(/trusted key/);

    const device = await t.enroll('stockholm');
    const foreign = await admin(t, ['import-bundle', writeBundle(bundleText(device, [servedEvent('malmo')]))]);
    expect(foreign.code).toBe(1);
    expect(foreign.err.join('\n')).toMatch(/office malmo/);
    // A travelling officer's computer: the administrator vouches for the key.
    const travelling = await admin(t, [
      'import-bundle',
      writeBundle(bundleText(device, [servedEvent('malmo')])),
      '--trust',
      keyFingerprint(device.publicKeyPem),
    ]);
    expect(travelling.code, travelling.err.join('\n')).toBe(0);

    await t.store.revokeDevice(device.deviceId, t.clock.now().toISOString());
    const revoked = await admin(t, ['import-bundle', writeBundle(bundleText(device))]);
    expect(revoked.code).toBe(1);
    expect(revoked.err.join('\n')).toMatch(/revoked/);
    expect((await t.store.countEvents()).total).toBe(2);
  });
});
