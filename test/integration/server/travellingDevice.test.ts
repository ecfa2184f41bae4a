import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signStatsBundle, verifyStatsBundle } from '../../../shared/node/statsBundle';
import { enrollProofText, StatsReceiptSchema } from '../../../shared/sync';
import { tempDir } from '../../support/temp';
import { admin, BACKENDS, servedEvent, useTestServer, type TestServer } from './harness';

/** Issue 18: one computer, several offices; enrolled once, re-enrolled without a twin. */

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

async function codeFor(t: TestServer, ...args: string[]): Promise<string> {
  const res = await admin(t, ['enroll-code', ...args]);
  expect(res.code, res.err.join('\n')).toBe(0);
  return res.out[0]!;
}

describe.each(BACKENDS)('a travelling device ($name)', (backend) => {
  const s = useTestServer(backend);

  it('a code for several offices trusts the device for all of them; an event of another office refuses the batch by name', async () => {
    const { t } = s;
    const code = await codeFor(t, '--office', 'tingsryd', '--offices', 'vaxjo-araby');
    const key = keyPair();
    const enrolled = await t.request('POST', '/v1/enroll', {
      body: { code, deviceName: 'Resedator 1', devicePublicKey: key.publicKeyPem, officeId: 'vaxjo-araby' },
    });
    expect(enrolled.status, enrolled.text).toBe(201);
    expect(enrolled.json).toMatchObject({ officeId: 'tingsryd', officeIds: ['tingsryd', 'vaxjo-araby'] });
    const token = enrolled.json.token as string;

    const both = [servedEvent('tingsryd'), servedEvent('vaxjo-araby')];
    const ok = await t.upload(token, both);
    expect(ok.status).toBe(200);
    expect(ok.json.stored.sort()).toEqual(both.map((e) => e.id).sort());

    const mixed = [servedEvent('tingsryd'), servedEvent('vaxjo')];
    const refused = await t.upload(token, mixed);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('FORBIDDEN_OFFICE');
    expect(refused.json.error.details).toEqual([{ path: 'events.1.officeId', issue: 'not_allowed:vaxjo' }]);
    expect((await t.store.countEvents()).total).toBe(2);

    // Its supervisors may compare figures for every office of the set, and no other.
    const q = (office: string) =>
      t.request('GET', `/v1/stats/daily?office=${office}&from=2026-03-09&to=2026-03-09`, { token });
    expect((await q('vaxjo-araby')).status).toBe(200);
    expect((await q('vaxjo')).status).toBe(403);

    // The admin adds Växjö: the device learns it from GET /v1/device and the batch goes.
    const changed = await admin(t, ['device-offices', '--device', enrolled.json.deviceId, '--add', 'vaxjo']);
    expect(changed.code, changed.err.join('\n')).toBe(0);
    expect(changed.out[0]).toContain('tingsryd, vaxjo-araby, vaxjo');
    const info = await t.request('GET', '/v1/device', { token });
    expect(info.json).toEqual({ deviceId: enrolled.json.deviceId, officeIds: ['tingsryd', 'vaxjo-araby', 'vaxjo'] });
    expect((await t.upload(token, mixed)).status).toBe(200);
    const removed = await admin(t, ['device-offices', '--device', enrolled.json.deviceId, '--remove', 'tingsryd']);
    expect(removed.out[0]).toContain('may report for: vaxjo-araby, vaxjo');
    expect((await t.upload(token, [servedEvent('tingsryd')])).status).toBe(403);
  });

  it("a code whose offices do not include the device's office is refused and stays unused", async () => {
    const { t } = s;
    const code = await codeFor(t, '--offices', 'tingsryd,vaxjo-araby');
    const key = keyPair();
    const wrong = await t.request('POST', '/v1/enroll', {
      body: { code, deviceName: 'Resedator', devicePublicKey: key.publicKeyPem, officeId: 'vaxjo' },
    });
    expect(wrong.status).toBe(409);
    expect(wrong.json.error.details[0].issue).toBe('other_office:tingsryd');
    const right = await t.request('POST', '/v1/enroll', {
      body: { code, deviceName: 'Resedator', devicePublicKey: key.publicKeyPem, officeId: 'tingsryd' },
    });
    expect(right.status).toBe(201);
  });

  it('a region: every office within N km of one, from the registry', async () => {
    const { t } = s;
    const res = await admin(t, [
      'enroll-code',
      '--near',
      'vaxjo',
      '--km',
      '50',
      '--registry',
      join(process.cwd(), 'assets/offices/offices.sample.json'),
    ]);
    expect(res.code, res.err.join('\n')).toBe(0);
    const line = res.err[0]!;
    expect(line).toMatch(/3 offices: vaxjo, vaxjo-araby, tingsryd,/);
    expect(line).not.toContain('stockholm');
    const noRegistry = await admin(t, ['enroll-code', '--near', 'vaxjo', '--km', '40']);
    expect(noRegistry.code).toBe(2);
    expect(noRegistry.err[0]).toMatch(/no office registry is published/);
  });

  it('re-enrolling the same computer (its key proved) replaces the old device: one active, the old token refused', async () => {
    const { t } = s;
    const key = keyPair();
    const enroll = async (code: string, proof: boolean | string) =>
      t.request('POST', '/v1/enroll', {
        body: {
          code,
          deviceName: 'Resedator',
          devicePublicKey: key.publicKeyPem,
          ...(proof === false
            ? {}
            : {
                proof:
                  typeof proof === 'string'
                    ? proof
                    : sign(null, Buffer.from(enrollProofText(code, 'Resedator')), key.privateKey).toString('base64'),
              }),
        },
      });
    const first = await enroll(await codeFor(t, '--office', 'tingsryd'), true);
    expect(first.status).toBe(201);
    // Without the proof the key is someone else's claim: refused, as before.
    const unproved = await enroll(await codeFor(t, '--office', 'tingsryd'), false);
    expect(unproved.status).toBe(409);
    // A proof over another code does not verify.
    const other = sign(null, Buffer.from(enrollProofText('AAAA-BBBB-CCCC', 'Resedator')), key.privateKey);
    const forged = await enroll(await codeFor(t, '--office', 'tingsryd'), other.toString('base64'));
    expect(forged.status).toBe(422);
    expect(forged.json.error.details[0].path).toBe('proof');

    const second = await enroll(await codeFor(t, '--offices', 'tingsryd,vaxjo-araby'), true);
    expect(second.status, second.text).toBe(201);
    expect(second.json.replacedDeviceIds).toEqual([first.json.deviceId]);
    const devices = await t.store.listDevices();
    expect(devices.filter((d) => d.revokedAt === null).map((d) => d.id)).toEqual([second.json.deviceId]);
    expect(devices.find((d) => d.id === first.json.deviceId)?.replacedBy).toBe(second.json.deviceId);
    const old = await t.upload(first.json.token, [servedEvent('tingsryd')]);
    expect(old.status).toBe(401);
    expect(old.json.error.code).toBe('TOKEN_REVOKED');
    expect((await t.upload(second.json.token, [servedEvent('vaxjo-araby')])).status).toBe(200);
    const listed = await admin(t, ['devices']);
    expect(listed.out.join('\n')).toContain(`replaced by ${second.json.deviceId}`);
  });

  it('a statistics file of two offices: named in the file, imported per office as new vs already held, with a receipt', async () => {
    const { t } = s;
    const key = keyPair();
    const code = await codeFor(t, '--offices', 'tingsryd,vaxjo-araby');
    const enrolled = await t.request('POST', '/v1/enroll', {
      body: { code, deviceName: 'Resedator', devicePublicKey: key.publicKeyPem },
    });
    const tingsryd = [servedEvent('tingsryd'), servedEvent('tingsryd')];
    const araby = [servedEvent('vaxjo-araby'), servedEvent('vaxjo-araby'), servedEvent('vaxjo-araby')];
    // One of Araby's arrived already by upload.
    await t.upload(enrolled.json.token, [araby[0]!]);
    const bundle = signStatsBundle([...tingsryd, ...araby], key.privateKey, key.publicKeyPem, '2026-03-10T08:00:00Z');
    expect(bundle.format).toBe('lucka-stats-bundle/2');
    expect(bundle.offices).toEqual(['tingsryd', 'vaxjo-araby']);
    // The named offices are under the signature: changing them breaks it.
    expect(verifyStatsBundle(JSON.stringify({ ...bundle, offices: ['tingsryd'] })).ok).toBe(false);

    const dir = tempDir('lucka-receipt-');
    const file = join(dir, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const receiptFile = join(dir, 'receipt.json');
    const res = await admin(t, ['import-bundle', file, '--receipt', receiptFile]);
    expect(res.code, res.err.join('\n')).toBe(0);
    expect(res.out[0]).toMatch(/imported 5 events .*: 4 new, 1 already held/);
    expect(res.out[1]).toBe('  tingsryd: 2 events, 2 new, 0 already held');
    expect(res.out[2]).toBe('  vaxjo-araby: 3 events, 2 new, 1 already held');
    const receipt = StatsReceiptSchema.parse(JSON.parse(readFileSync(receiptFile, 'utf8')));
    expect(receipt.keyFingerprint).toBe(bundle.keyFingerprint);
    expect(receipt.held.sort()).toEqual([...tingsryd, ...araby].map((e) => e.id).sort());
    expect(receipt.offices.map((o) => [o.officeId, o.new, o.alreadyHeld])).toEqual([
      ['tingsryd', 2, 0],
      ['vaxjo-araby', 2, 1],
    ]);
  });
});
