import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeReport } from '../../../shared/statsCompute';
import { stockholmDate } from '../../../shared/time';
import { loadBundledRegistry } from '../../../electron/backend/officeRegistry';
import { testBackend } from '../../support/backend';
import { publisherKey, packageAt, signedText } from '../../support/guideSigning';
import { tempDir } from '../../support/temp';
import { seedArrivals, type SeedArrival } from '../../support/statsSeed';
import type { SecretStore } from '../../../electron/backend/sync/secretStore';
import { recordingFetch, syncDevice, type RecordedCall } from '../../support/syncDevice';
import { BACKENDS, admin, trustedKeysFile, useTestServer } from '../server/harness';

describe.each(BACKENDS)('the uploader against the central service on $name', (backend) => {
  // The service's clock is the real one: the devices below stand on today, or days off it.
  const server = useTestServer(backend);

  async function enrolledDevice(options: Parameters<typeof syncDevice>[0] = {}) {
    const d = await syncDevice(options);
    const code = await server.t.enrollmentCode(d.officeId);
    await d.call('sync.enroll', { serverUrl: server.t.url, code, deviceName: 'Disk 1' });
    return d;
  }

  function localToday(): string {
    return stockholmDate(new Date());
  }

  async function serverReport(token: string, officeId: string, from: string, to: string) {
    const res = await server.t.request('GET', `/v1/stats/daily?office=${officeId}&from=${from}&to=${to}`, { token });
    expect(res.status, res.text).toBe(200);
    return res.json;
  }

  it('enrolls with a one-time code, keeps the token private, uploads, and the counts agree', async () => {
    server.t.clock.current = new Date();
    const d = await syncDevice();
    expect((await d.call('sync.status', {})).state).toBe('not_enrolled');
    await d.walkIn([{ agency: 'SKV', kind: 'skv.id_card', outcome: 'done' }]);
    await d.ticketVisit('skv.moving', 'referred');
    expect((await d.call('sync.status', {})).pending).toBe(2);

    const bad = await d.raw('sync.enroll', {
      serverUrl: 'http://statistik.example.se',
      code: 'AAAA-BBBB-CCCC',
      deviceName: 'x',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'SYNC_ADDRESS_INVALID', details: [{ issue: 'insecure' }] } });
    const wrong = await d.raw('sync.enroll', { serverUrl: server.t.url, code: 'AAAA-BBBB-CCCC', deviceName: 'x' });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'SYNC_ENROLL_FAILED', details: [{ issue: 'code_invalid' }] },
    });
    const otherOffice = await server.t.enrollmentCode('varberg');
    expect(await d.raw('sync.enroll', { serverUrl: server.t.url, code: otherOffice, deviceName: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'SYNC_ENROLL_FAILED', details: [{ issue: 'other_office:varberg' }] },
    });
    // Refused before it was used: no device was made, and Varberg's computer can still use the code.
    expect(await server.t.store.listDevices()).toEqual([]);
    const varberg = await syncDevice({ officeId: 'varberg' });
    expect((await varberg.raw('sync.enroll', { serverUrl: server.t.url, code: otherOffice, deviceName: 'V' })).ok).toBe(
      true,
    );

    const code = await server.t.enrollmentCode('stockholm');
    const status = await d.call('sync.enroll', {
      serverUrl: `${server.t.url}/`,
      code: code.toLowerCase(),
      deviceName: 'Disk 1',
    });
    expect(status).toMatchObject({
      state: 'idle',
      officeId: 'stockholm',
      serverUrl: server.t.url,
      secretStorage: 'file',
    });
    // The code is one-time.
    const again = await d.raw('sync.enroll', { serverUrl: server.t.url, code, deviceName: 'Disk 1' });
    expect(again).toMatchObject({ ok: false, error: { details: [{ issue: 'code_invalid' }] } });
    const token = d.token()!;
    expect(statSync(join(d.dataDir, 'secrets', 'sync-token')).mode & 0o077).toBe(0);
    expect(JSON.stringify(d.db.prepare('SELECT * FROM settings').all())).not.toContain(token);

    const after = await d.call('sync.now', {});
    expect(after).toMatchObject({ state: 'idle', online: true, pending: 0, lastError: null });
    expect(d.outboxRows().every((r) => r.sent_at !== null)).toBe(true);

    const day = localToday();
    const range = { officeId: 'stockholm', from: day, to: day, serviceLevelMinutes: 20 };
    const device = computeReport(d.backend.context!.stats.arrivals(range), range);
    expect(await serverReport(token, 'stockholm', day, day)).toEqual(device);
    expect(device.total).toMatchObject({ arrived: 2, served: 2, errands: 2 });
    // The device may ask only for its own office.
    const foreign = await server.t.request('GET', `/v1/stats/daily?office=varberg&from=${day}&to=${day}`, { token });
    expect(foreign.status).toBe(403);
  });

  it('sends on its own soon after a visit closes, even while the counter keeps busy', async () => {
    server.t.clock.current = new Date();
    const d = await enrolledDevice({ sync: { kickDelayMs: 150, pollMs: 60_000 } });
    d.clock.set(new Date().toISOString());
    d.sync.start();
    await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    // A ticket issued every 40 ms: each is a 'queue' change, and none may keep postponing the send.
    const busy = setInterval(() => void d.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' }), 40);
    try {
      await expect
        .poll(async () => (await d.call('sync.status', {})).pending, { timeout: 3_000, interval: 50 })
        .toBe(0);
    } finally {
      clearInterval(busy);
      d.sync.stop();
    }
    expect((await server.t.store.countEvents()).total).toBe(1);
  });

  it('an event the service refuses as invalid is set aside; the events behind it still go', async () => {
    server.t.clock.current = new Date();
    const d = await enrolledDevice();
    await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    // As from a newer desktop: an errand kind this service does not know yet, between two good events.
    const [row] = d.outboxRows();
    const future = { ...JSON.parse(row!.payload), id: '01900000-0000-7000-8000-000000000001' };
    future.errands[0].errandKind = 'skv.future_kind';
    d.db
      .prepare(
        `INSERT INTO sync_outbox (event_id, arrival_key, office_id, local_date, payload, created_at)
         VALUES (?, 'v:future', 'stockholm', ?, ?, ?)`,
      )
      .run(future.id, future.localDate, JSON.stringify(future), future.recordedAt);
    await d.walkIn([{ agency: 'FK', kind: 'fk.eu_card', outcome: 'done' }]);
    const status = await d.call('sync.now', {});
    expect(status).toMatchObject({ pending: 0, rejected: 1, lastError: 'rejected', online: true });
    expect(d.outboxRows().find((r) => r.event_id === future.id)!.rejected).toMatch(/invalid/);
    expect((await server.t.store.countEvents()).total).toBe(2);
  });

  it('a token the OS keyring cannot decrypt: the officer is told, nothing crashes, and it recovers', async () => {
    server.t.clock.current = new Date();
    let broken = false;
    const files = new Map<string, string>();
    const secrets: SecretStore = {
      kind: 'safeStorage',
      load: async (name) => {
        if (broken) throw new Error('safeStorage: failed');
        return files.get(name) ?? null;
      },
      save: async (name, value) => void files.set(name, value),
      remove: async (name) => void files.delete(name),
    };
    const d = await syncDevice({ secrets });
    await d.call('sync.enroll', {
      serverUrl: server.t.url,
      code: await server.t.enrollmentCode('stockholm'),
      deviceName: 'Disk 1',
    });
    await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    broken = true;
    expect(await d.call('sync.now', {})).toMatchObject({
      lastError: 'secret_unavailable',
      pending: 1,
      state: 'retrying',
    });
    broken = false;
    expect(await d.call('sync.now', {})).toMatchObject({ lastError: null, pending: 0 });
  });

  it('a set-aside correction never forks the chain; set-aside events are tried again the next day', async () => {
    server.t.clock.current = new Date();
    const d = await enrolledDevice();
    const visit = await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    await d.call('sync.now', {});
    // A correction whose event the service refuses (as from a newer desktop): set aside.
    await d.call('visits.reopen', { visitId: visit.id });
    await d.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'referred' });
    await d.call('visits.close', { visitId: visit.id });
    const e2 = d.outboxRows().at(-1)!;
    const bad = JSON.parse(e2.payload);
    bad.errands[0].errandKind = 'skv.future_kind';
    d.db.prepare('UPDATE sync_outbox SET payload = ? WHERE event_id = ?').run(JSON.stringify(bad), e2.event_id);
    expect(await d.call('sync.now', {})).toMatchObject({ rejected: 1, lastError: 'rejected', pending: 0 });
    // The next correction replaces what the service holds (the first event), not the set-aside one.
    await d.call('visits.reopen', { visitId: visit.id });
    await d.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'booked' });
    await d.call('visits.close', { visitId: visit.id });
    const rows = d.outboxRows();
    expect(JSON.parse(rows[2]!.payload).supersedes).toBe(rows[0]!.event_id);
    expect(rows[1]!.rejected).toBe('obsolete');
    expect(await d.call('sync.now', {})).toMatchObject({ rejected: 0, lastError: null, pending: 0 });
    const day = localToday();
    const report = await serverReport(d.token()!, 'stockholm', day, day);
    expect(report.total).toMatchObject({ arrived: 1, served: 1, errands: 1 });
    expect(report.total.outcomes.booked).toBe(1);

    // A set-aside event that is still the latest gets another chance on the next day.
    const other = await d.walkIn([{ agency: 'FK', kind: 'fk.eu_card', outcome: 'done' }]);
    const id = d.outboxRows().at(-1)!.event_id;
    d.backend.context!.outbox.markRejected([id], 'invalid');
    expect((await d.call('sync.status', {})).rejected).toBe(1);
    d.clock.set(new Date(Date.now() + 86_400_000).toISOString());
    expect(await d.call('sync.now', {})).toMatchObject({ rejected: 0, pending: 0 });
    expect(d.outboxRows().find((r) => r.event_id === id)!.sent_at).not.toBeNull();
    expect(other.id).toBeTruthy();
  });

  it("a proxy's 400 page sets nothing aside: the events wait and the officer is told", async () => {
    server.t.clock.current = new Date();
    let proxyBroken = true;
    const brokenProxy: typeof fetch = async (input, init) =>
      proxyBroken && String(input).endsWith('/v1/events')
        ? new Response('<html>400 Bad Request</html>', { status: 400, headers: { 'content-type': 'text/html' } })
        : fetch(input, init);
    const d = await enrolledDevice({ sync: { fetch: brokenProxy } });
    await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    expect(await d.call('sync.now', {})).toMatchObject({ pending: 2, rejected: 0, lastError: 'refused' });
    proxyBroken = false;
    expect(await d.call('sync.now', {})).toMatchObject({ pending: 0, rejected: 0, lastError: null });
  });

  it('stops and says why when the token is revoked; the events stay pending', async () => {
    server.t.clock.current = new Date();
    const calls: RecordedCall[] = [];
    const d = await enrolledDevice({ sync: { fetch: recordingFetch(calls) } });
    await d.walkIn([{ agency: 'FK', kind: 'fk.eu_card', outcome: 'done' }]);
    const deviceId = (await d.call('sync.status', {})).deviceId!;
    expect((await admin(server.t, ['revoke', '--device', deviceId])).code).toBe(0);
    const status = await d.call('sync.now', {});
    expect(status).toMatchObject({ state: 'revoked', lastError: 'revoked', pending: 1, online: false });
    // No more tries until it is enrolled again; then the pending event goes.
    const before = calls.length;
    expect((await d.call('sync.now', {})).state).toBe('revoked');
    expect(calls).toHaveLength(before);
    const code = await server.t.enrollmentCode('stockholm');
    await d.call('sync.enroll', { serverUrl: server.t.url, code, deviceName: 'Disk 1' });
    expect(await d.call('sync.now', {})).toMatchObject({ state: 'idle', pending: 0 });
  });

  it('splits a batch the service finds too large, and loses nothing', async () => {
    server.t.clock.current = new Date();
    const calls: RecordedCall[] = [];
    const d = await enrolledDevice({ sync: { batchSize: 500, fetch: recordingFetch(calls) } });
    // 600 visits of yesterday with twelve errands each: 500 of them are far over the body limit.
    const yesterday = stockholmDate(new Date(Date.now() - 86_400_000));
    const kinds = ['skv.id_card', 'skv.moving', 'skv.tax_return', 'skv.other'];
    const arrivals: SeedArrival[] = Array.from({ length: 600 }, (_, i) => ({
      officeId: 'stockholm',
      date: yesterday,
      at: `${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
      ticket: true,
      waitSeconds: 60 + i,
      serviceSeconds: 300,
      errands: Array.from({ length: 12 }, (_, j) => ({
        agency: 'SKV' as const,
        kind: kinds[j % 4]!,
        outcome: 'done' as const,
        lacksEid: j === 0,
      })),
    }));
    seedArrivals(d.db, arrivals);
    const status = await d.call('sync.now', {});
    expect(status).toMatchObject({ pending: 0, lastError: null });
    const uploads = calls.filter((c) => c.path === '/v1/events');
    expect(uploads.some((c) => c.status === 413)).toBe(true);
    expect(uploads.filter((c) => c.status === 200).length).toBeGreaterThanOrEqual(3);
    const range = { officeId: 'stockholm', from: yesterday, to: yesterday, serviceLevelMinutes: 20 };
    const report = await serverReport(d.token()!, 'stockholm', yesterday, yesterday);
    expect(report.total).toMatchObject({ arrived: 600, errands: 7200, withoutEid: 600 });
    expect(report).toEqual(computeReport(d.backend.context!.stats.arrivals(range), range));
  });

  it('connecting again (a new code) replaces its old connection at the service: one active device, never a twin', async () => {
    server.t.clock.current = new Date();
    const d = await enrolledDevice();
    const oldId = (await server.t.store.listDevices())[0]!.id;
    const oldToken = d.token()!;
    const again = await d.call('sync.enroll', {
      serverUrl: server.t.url,
      code: await server.t.enrollmentCode(d.officeId),
      deviceName: 'Disk 1',
    });
    expect(again.deviceId).not.toBe(oldId);
    const devices = await server.t.store.listDevices();
    expect(devices.filter((x) => x.revokedAt === null).map((x) => x.id)).toEqual([again.deviceId]);
    expect(devices.find((x) => x.id === oldId)?.replacedBy).toBe(again.deviceId);
    // The old token stops; the new one sends.
    expect((await server.t.upload(oldToken, [])).status).toBe(401);
    await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    expect(await d.call('sync.now', {})).toMatchObject({ pending: 0, lastError: null });
  });

  it('a device clock days behind: the service flags the skew and still counts by the local date', async () => {
    server.t.clock.current = new Date();
    const behind = new Date(Date.now() - 3 * 86_400_000);
    const d = await enrolledDevice({ at: behind.toISOString() });
    await d.walkIn([{ agency: 'PM', kind: 'pm.general_pension', outcome: 'done' }]);
    const status = await d.call('sync.now', {});
    expect(status.pending).toBe(0);
    expect(status.clockSkewSeconds).toBeLessThan(-(3 * 86_400 - 120));
    expect((await server.t.store.countEvents()).skewFlagged).toBe(1);
    const day = stockholmDate(behind);
    const report = await serverReport(d.token()!, 'stockholm', day, day);
    expect(report.total.arrived).toBe(1);
  });

  it('a device clock days ahead: its events are delivered but held in quarantine until the admin releases them', async () => {
    server.t.clock.current = new Date();
    const ahead = new Date(Date.now() + 3 * 86_400_000);
    const d = await enrolledDevice({ at: ahead.toISOString() });
    await d.walkIn([{ agency: 'PM', kind: 'pm.general_pension', outcome: 'done' }]);
    const status = await d.call('sync.now', {});
    expect(status.pending).toBe(0);
    const day = stockholmDate(ahead);
    expect((await serverReport(d.token()!, 'stockholm', day, day)).total.arrived).toBe(0);
    const [held] = await server.t.store.listQuarantine('stockholm', 10);
    expect(held?.reason).toMatch(/localDate after/);
    expect((await admin(server.t, ['release', '--event', held!.id])).code).toBe(0);
    expect((await serverReport(d.token()!, 'stockholm', day, day)).total.arrived).toBe(1);
  });

  it('an offline statistics file: imported by the admin, imported twice, then synced: each event counted once', async () => {
    server.t.clock.current = new Date();
    // A device that never got online: its key is not known to the service.
    const offline = await syncDevice({ officeId: 'varberg' });
    expect(await offline.raw('sync.exportBundle', {})).toMatchObject({
      ok: false,
      error: { code: 'SYNC_NOTHING_PENDING' },
    });
    await offline.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    await offline.ticketVisit('skv.id_card', 'referred');
    const file = await offline.call('sync.exportBundle', {});
    expect(file).toMatchObject({ events: 2, mimeType: 'application/json' });
    expect(file.fileName).toMatch(/^lucka-statistik-varberg-\d{8}-\d{6}-[0-9a-f]{8}\.json$/);
    const path = join(offline.dataDir, file.fileName);
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    writeFileSync(path, text);
    for (const needle of ['ANLA', 'A001', ...offline.outboxRows().map((r) => r.arrival_key.slice(2))])
      expect(text).not.toContain(needle);
    expect((await offline.call('sync.status', {})).pending).toBe(2); // still pending: the file may get lost

    const untrusted = await admin(server.t, ['import-bundle', path]);
    expect(untrusted.code).not.toBe(0);
    const trusted = await admin(server.t, ['import-bundle', path, '--trust', file.keyFingerprint]);
    expect(trusted.code, trusted.err.join('\n')).toBe(0);
    expect((await admin(server.t, ['import-bundle', path, '--trust', file.keyFingerprint])).code).toBe(0);
    expect((await server.t.store.countEvents()).total).toBe(2);

    // Later the office gets network: the same events are sent and confirmed, and still counted once.
    await offline.call('sync.enroll', {
      serverUrl: server.t.url,
      code: await server.t.enrollmentCode('varberg'),
      deviceName: 'Disk V',
    });
    expect(await offline.call('sync.now', {})).toMatchObject({ pending: 0, lastError: null });
    expect((await server.t.store.countEvents()).total).toBe(2);
    const day = localToday();
    const range = { officeId: 'varberg', from: day, to: day, serviceLevelMinutes: 20 };
    expect(await serverReport(offline.token()!, 'varberg', day, day)).toEqual(
      computeReport(offline.backend.context!.stats.arrivals(range), range),
    );
  });

  it('fetches newer guide packages, verifies and installs them; asks again with the ETag', async () => {
    server.t.clock.current = new Date();
    const key = publisherKey();
    const calls: RecordedCall[] = [];
    const d = await enrolledDevice({
      shippedGuides: [packageAt(1)],
      trustedKeys: [key.trusted],
      sync: { fetch: recordingFetch(calls), downSyncEveryMs: 0 },
    });
    const pkgId = packageAt(1).id;
    const file = join(d.dataDir, 'published-v2.json');
    writeFileSync(file, signedText(packageAt(2), key));
    expect((await admin(server.t, ['publish-guide', file, '--trusted-keys', trustedKeysFile(key.trusted)])).code).toBe(
      0,
    );
    await d.call('sync.now', {});
    const installed = d.backend.context!.guides.installed().filter((p) => p.id === pkgId);
    expect(installed.find((p) => p.state === 'active')?.version).toBe(2);
    await d.call('sync.now', {});
    const indexCalls = calls.filter((c) => c.path === '/v1/guides');
    expect(indexCalls.map((c) => c.status)).toEqual([200, 304]);
    // A package signed by a key the device does not trust is refused; version 2 stays. (The
    // admin CLI refuses to publish it too, so it goes into the service's store directly, as a
    // compromised service would serve it.)
    const stranger = publisherKey();
    const v3 = packageAt(3);
    await server.t.store.publishGuide({
      packageId: v3.id,
      version: 3,
      hash: `sha256:${v3.contentHash}`,
      text: signedText(v3, stranger),
      publishedAt: new Date().toISOString(),
    });
    await d.call('sync.now', {});
    expect(d.backend.context!.guides.installed().find((p) => p.id === pkgId && p.state === 'active')?.version).toBe(2);
  });
});

describe.each(BACKENDS.slice(0, 1))('the office registry from the service ($name)', (backend) => {
  const server = useTestServer(backend);

  it('is signed with npm run registry:sign, verified, installed atomically, kept over a restart; a forged one is refused', async () => {
    server.t.clock.current = new Date();
    const key = publisherKey();
    const d = await syncDevice({ trustedKeys: [key.trusted], sync: { downSyncEveryMs: 0 } });
    await d.call('sync.enroll', {
      serverUrl: server.t.url,
      code: await server.t.enrollmentCode('stockholm'),
      deviceName: 'Disk 1',
    });
    expect(d.backend.context!.officeRegistry.version).toBe(0);

    // The publisher's side: the real signing script over a registry where Varberg got photo equipment.
    const registry = loadBundledRegistry();
    const varberg = registry.offices.find((o) => o.id === 'varberg')!;
    varberg.capabilities = [...varberg.capabilities, 'id_card_photo'];
    const dir = tempDir();
    writeFileSync(join(dir, 'offices.json'), JSON.stringify(registry));
    writeFileSync(join(dir, 'key.pem'), key.privateKeyPem);
    const signing = spawnSync(
      process.execPath,
      ['scripts/guides-sign.mjs', '--registry', join(dir, 'offices.json'), '--version', '2'],
      {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, LUCKA_GUIDE_SIGNING_KEY: join(dir, 'key.pem') },
      },
    );
    expect(signing.status, signing.stderr).toBe(0);
    const published = await admin(server.t, [
      'publish-registry',
      join(dir, 'offices.signed.json'),
      '--trusted-keys',
      trustedKeysFile(key.trusted),
    ]);
    expect(published.code, published.err.join('\n')).toBe(0);

    await d.call('sync.now', {});
    expect(d.backend.context!.officeRegistry.version).toBe(2);
    expect((await d.call('offices.list', {})).find((o) => o.id === 'varberg')!.capabilities).toContain('id_card_photo');

    // A forged version 3 (changed after signing) is refused; version 2 stays.
    const forged = JSON.parse(readFileSync(join(dir, 'offices.signed.json'), 'utf8'));
    forged.version = 3;
    forged.registry.offices = forged.registry.offices.filter((o: { id: string }) => o.id !== 'varberg');
    // The admin CLI refuses it; it goes into the store directly, as a compromised service would serve it.
    const forgedText = JSON.stringify(forged);
    await server.t.store.publishRegistry({
      hash: createHash('sha256').update(forgedText).digest('hex'),
      text: forgedText,
      publishedAt: new Date().toISOString(),
    });
    await d.call('sync.now', {});
    expect(d.backend.context!.officeRegistry.version).toBe(2);
    expect((await d.call('offices.list', {})).some((o) => o.id === 'varberg')).toBe(true);

    // After a restart the device starts on the installed version 2.
    d.close();
    const again = testBackend({ dataDir: d.dataDir, trustedKeys: [key.trusted] });
    expect(again.backend.context!.officeRegistry.version).toBe(2);
    expect((await again.call('offices.list', {})).find((o) => o.id === 'varberg')!.capabilities).toContain(
      'id_card_photo',
    );
  });
});

describe('server address', () => {
  it('accepts https anywhere and http only to this machine', async () => {
    const { parseServerAddress } = await import('../../../electron/backend/sync/serverAddress');
    expect(parseServerAddress('https://statistik.example.se/')).toEqual({
      ok: true,
      url: 'https://statistik.example.se',
    });
    expect(parseServerAddress('http://127.0.0.1:8787')).toEqual({ ok: true, url: 'http://127.0.0.1:8787' });
    expect(parseServerAddress('http://localhost:8787/x/')).toEqual({ ok: true, url: 'http://localhost:8787/x' });
    expect(parseServerAddress('http://10.0.0.5:8787')).toEqual({ ok: false, problem: 'insecure' });
    expect(parseServerAddress('ftp://x.se')).toEqual({ ok: false, problem: 'not_a_url' });
    expect(parseServerAddress('https://u:p@x.se')).toEqual({ ok: false, problem: 'has_credentials' });
    expect(parseServerAddress('https://x.se/?a=1')).toEqual({ ok: false, problem: 'has_query' });
    expect(parseServerAddress('statistik')).toEqual({ ok: false, problem: 'not_a_url' });
  });
});
