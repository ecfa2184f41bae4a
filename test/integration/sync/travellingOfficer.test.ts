import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stockholmDate } from '../../../shared/time';
import { syncDevice } from '../../support/syncDevice';
import { admin, BACKENDS, useTestServer } from '../server/harness';

/**
 * Issue 18, end to end through the real parts: one laptop, a day at Tingsryd and a day at
 * Växjö Araby without network, the statistics file imported by the admin (with its receipt
 * handed back), then enrollment for both offices and sync. The service must hold each
 * office's events once, under the right office, with nothing left waiting on the laptop;
 * enrolling again leaves one active device.
 */
describe.each(BACKENDS)('the travelling officer against the service on $name', (backend) => {
  const server = useTestServer(backend);

  it('two offices offline, the file and its receipt, enrollment and sync: each event once under its office', async () => {
    const yesterday = new Date(Date.now() - 86_400_000);
    server.t.clock.current = new Date();
    const d = await syncDevice({ officeId: 'tingsryd', at: yesterday.toISOString() });
    // Monday at Tingsryd: two visits.
    await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    await d.ticketVisit('skv.id_card', 'referred');
    // Tuesday at Växjö Araby: three visits.
    d.clock.set(new Date().toISOString());
    await d.call('setup.save', { officeId: 'vaxjo-araby', officerSignature: 'ANLA' });
    for (let i = 0; i < 3; i++) await d.walkIn([{ agency: 'FK', kind: 'fk.parental_benefit', outcome: 'done' }]);

    const before = await d.call('sync.status', {});
    expect(before.pending).toBe(5);
    expect(before.offices.map((o) => [o.officeId, o.pending, o.allowed])).toEqual([
      ['vaxjo-araby', 3, null],
      ['tingsryd', 2, null],
    ]);

    // The statistics file: named for both offices, and says so in its signed content.
    const file = await d.call('sync.exportBundle', {});
    expect(file.offices).toEqual(['tingsryd', 'vaxjo-araby']);
    expect(file.fileName).toMatch(/^lucka-statistik-tingsryd_vaxjo-araby-\d{8}-\d{6}-[0-9a-f]{8}\.json$/);
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 'lucka-stats-bundle/2', offices: ['tingsryd', 'vaxjo-araby'] });
    const bundlePath = join(d.dataDir, file.fileName);
    writeFileSync(bundlePath, text);

    // The admin imports it (the laptop was never enrolled: its key is vouched for) and writes the receipt.
    const receiptPath = join(d.dataDir, 'kvitto.json');
    const imported = await admin(server.t, [
      'import-bundle',
      bundlePath,
      '--trust',
      file.keyFingerprint,
      '--receipt',
      receiptPath,
    ]);
    expect(imported.code, imported.err.join('\n')).toBe(0);
    expect(imported.out.slice(1, 3)).toEqual([
      '  tingsryd: 2 events, 2 new, 0 already held',
      '  vaxjo-araby: 3 events, 3 new, 0 already held',
    ]);
    // Imported twice: the admin is told nothing new arrived.
    const again = await admin(server.t, ['import-bundle', bundlePath, '--trust', file.keyFingerprint]);
    expect(again.out[0]).toMatch(/: 0 new, 5 already held/);

    // The receipt handed back: nothing waits any more, nothing goes in a new file.
    const receipt = await d.call('sync.importReceipt', { content: readFileSync(receiptPath, 'utf8') });
    expect(receipt.acknowledged).toBe(5);
    const afterReceipt = await d.call('sync.status', {});
    expect(afterReceipt.pending).toBe(0);
    expect(afterReceipt.offices.map((o) => [o.officeId, o.pending, o.receipted])).toEqual([
      ['vaxjo-araby', 0, 3],
      ['tingsryd', 0, 2],
    ]);
    expect(await d.raw('sync.exportBundle', {})).toMatchObject({ ok: false, error: { code: 'SYNC_NOTHING_PENDING' } });
    // A receipt of another computer's file changes nothing.
    const foreign = JSON.parse(readFileSync(receiptPath, 'utf8'));
    foreign.keyFingerprint = '0123456789abcdef';
    expect(await d.raw('sync.importReceipt', { content: JSON.stringify(foreign) })).toMatchObject({
      ok: false,
      error: { code: 'SYNC_RECEIPT_OTHER_DEVICE' },
    });

    // Araby's first supervisor passphrase cannot be claimed by switching there (Tingsryd is the laptop's home).
    const passphrase = { officeId: 'vaxjo-araby', passphrase: 'arabys handledare' };
    expect(await d.raw('supervisor.setPassphrase', passphrase)).toMatchObject({
      ok: false,
      error: { code: 'SUPERVISOR_FIRST_NOT_ALLOWED' },
    });

    // Wednesday: network. One code for both offices; every office's events go (and are confirmed).
    const code = await admin(server.t, ['enroll-code', '--offices', 'vaxjo-araby,tingsryd']);
    const enrolled = await d.call('sync.enroll', {
      serverUrl: server.t.url,
      code: code.out[0]!,
      deviceName: 'Resedator',
    });
    expect(enrolled.officeIds).toEqual(['vaxjo-araby', 'tingsryd']);
    const synced = await d.call('sync.now', {});
    expect(synced).toMatchObject({ pending: 0, lastError: null });
    expect(synced.offices.every((o) => o.pending === 0 && o.receipted === 0 && o.allowed && o.syncedAt)).toBe(true);
    expect(d.outboxRows().every((r) => r.sent_at !== null)).toBe(true);
    // Trusted for Araby by the service now: its first passphrase may be set here.
    expect((await d.raw('supervisor.setPassphrase', passphrase)).ok).toBe(true);

    // The service holds each event once, under the office it happened at.
    expect((await server.t.store.countEvents()).total).toBe(5);
    const monday = stockholmDate(yesterday);
    const tuesday = stockholmDate(new Date());
    const held = async (office: string) =>
      (await server.t.store.currentEvents(office, monday, tuesday)).map((e) => [e.officeId, e.localDate]);
    expect(await held('tingsryd')).toEqual([
      ['tingsryd', monday],
      ['tingsryd', monday],
    ]);
    expect(await held('vaxjo-araby')).toEqual(Array(3).fill(['vaxjo-araby', tuesday]));
    const report = await server.t.request('GET', `/v1/stats/daily?office=vaxjo-araby&from=${tuesday}&to=${tuesday}`, {
      token: d.token()!,
    });
    expect(report.json.total.arrived).toBe(3);

    // Enrolling again (a new code) replaces the device at the service: one active device.
    const code2 = await admin(server.t, ['enroll-code', '--offices', 'vaxjo-araby,tingsryd']);
    await d.call('sync.enroll', { serverUrl: server.t.url, code: code2.out[0]!, deviceName: 'Resedator' });
    const devices = await server.t.store.listDevices();
    expect(devices).toHaveLength(2);
    expect(devices.filter((x) => x.revokedAt === null)).toHaveLength(1);
    expect(await d.call('sync.now', {})).toMatchObject({ pending: 0, lastError: null });
  });

  it('an office outside the set waits visibly while the others go; once the admin adds it, it goes too', async () => {
    server.t.clock.current = new Date();
    const d = await syncDevice({ officeId: 'tingsryd' });
    const code = await admin(server.t, ['enroll-code', '--office', 'tingsryd']);
    await d.call('sync.enroll', { serverUrl: server.t.url, code: code.out[0]!, deviceName: 'Resedator' });
    await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    await d.call('setup.save', { officeId: 'vaxjo', officerSignature: 'ANLA' });
    await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);

    const status = await d.call('sync.now', {});
    expect(status.lastError).toBeNull();
    expect(status.pending).toBe(2);
    expect(status.offices.map((o) => [o.officeId, o.pending, o.allowed])).toEqual([
      ['vaxjo', 2, false],
      ['tingsryd', 0, true],
    ]);
    expect((await server.t.store.countEvents()).total).toBe(1);

    const deviceId = status.deviceId!;
    expect((await admin(server.t, ['device-offices', '--device', deviceId, '--add', 'vaxjo'])).code).toBe(0);
    const after = await d.call('sync.now', {});
    expect(after).toMatchObject({ pending: 0, lastError: null, officeIds: ['tingsryd', 'vaxjo'] });
    expect((await server.t.store.countEvents()).total).toBe(3);
  });
});
