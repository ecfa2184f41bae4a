import { describe, expect, it } from 'vitest';
import { admin, BACKENDS, noShowEvent, servedEvent, useTestServer, type TestServer } from './harness';

const report = async (t: TestServer, token: string, from = '2026-03-01', to = '2026-03-09') =>
  (await t.request('GET', `/v1/stats/daily?office=stockholm&from=${from}&to=${to}`, { token })).json;

describe.each(BACKENDS)('plausibility and quarantine ($name)', (backend) => {
  const s = useTestServer(backend);

  it('holds implausible events in quarantine (told to the device, not counted) until the admin releases one', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const ok = servedEvent('stockholm', { waitingSeconds: 600 });
    const ancient = servedEvent('stockholm', { localDate: '0001-01-01' });
    const future = servedEvent('stockholm', { localDate: '2031-01-01' });
    const longWait = servedEvent('stockholm', { waitingSeconds: 9_000_000 });
    const longService = servedEvent('stockholm', { serviceSeconds: 13 * 3600 });
    const res = await t.upload(device.token, [ok, ancient, future, longWait, longService]);
    expect(res.status).toBe(200);
    expect(res.json.stored).toHaveLength(5);
    expect(res.json.quarantined.sort()).toEqual([ancient.id, future.id, longWait.id, longService.id].sort());

    const before = await report(t, device.token);
    expect(before.total.arrived).toBe(1);
    expect(before.total.avgWaitSeconds).toBe(600);

    const listed = await admin(t, ['quarantine']);
    expect(listed.code).toBe(0);
    expect(listed.out).toHaveLength(4);
    const line = (id: string) => listed.out.find((l) => l.startsWith(id))!;
    expect(line(ancient.id)).toMatch(/localDate before 2025-02-03/);
    expect(line(future.id)).toMatch(/localDate after 2026-03-11/);
    expect(line(longWait.id)).toMatch(/waitingSeconds over 43200/);
    expect(line(longService.id)).toMatch(/serviceSeconds over 43200/);

    // Sent again (the device did not hear the answer): held, still quarantined, nothing new.
    const again = await t.upload(device.token, [longWait]);
    expect(again.json.stored).toEqual([longWait.id]);
    expect(again.json.quarantined).toEqual([]);

    const released = await admin(t, ['release', '--event', longService.id, '--reason', 'ärendet var verkligen långt']);
    expect(released.code, released.err.join('\n')).toBe(0);
    expect((await report(t, device.token)).total.arrived).toBe(2);
    expect((await admin(t, ['quarantine'])).out).toHaveLength(3);
    expect((await admin(t, ['release', '--event', longService.id])).code).toBe(2);
    const audit = await admin(t, ['audit']);
    expect(audit.out).toHaveLength(1);
    expect(audit.out[0]).toMatch(/\trelease\t.*\t1\tärendet var verkligen långt$/);
  });

  it('keeps counting the original when its correction is implausible (a quarantined event supersedes nothing)', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const original = noShowEvent('stockholm', { localTime: '10:00' });
    const correction = servedEvent('stockholm', {
      localTime: '10:00',
      supersedes: original.id,
      waitingSeconds: 50_000,
    });
    await t.upload(device.token, [original, correction]);
    const r = await report(t, device.token);
    expect(r.total.arrived).toBe(1);
    expect(r.total.noShows).toBe(1);
  });

  it('takes its date window from the service options', async () => {
    const { t } = s;
    await t.stop();
    const wide = await (await import('./harness')).TestServer.start(t.db, { plausibility: { pastDays: 4000 } });
    try {
      const device = await wide.enroll('stockholm');
      const old = servedEvent('stockholm', { localDate: '2020-01-01' });
      const res = await wide.upload(device.token, [old]);
      expect(res.json.quarantined).toEqual([]);
    } finally {
      await wide.stop();
      await t.restart();
    }
  });
});

describe.each(BACKENDS)('voiding and restoring a device’s events ($name)', (backend) => {
  const s = useTestServer(backend);

  it('voids by device, office and date range with an audit entry; figures come from what remains; restore brings them back', async () => {
    const { t } = s;
    const broken = await t.enroll('stockholm');
    const good = await t.enroll('stockholm');
    await t.upload(broken.token, [
      servedEvent('stockholm', { localDate: '2026-03-02', waitingSeconds: 40_000 }),
      servedEvent('stockholm', { localDate: '2026-03-03', waitingSeconds: 40_000 }),
    ]);
    await t.upload(good.token, [
      servedEvent('stockholm', { localDate: '2026-03-02', waitingSeconds: 300 }),
      servedEvent('stockholm', { localDate: '2026-03-03', waitingSeconds: 300 }),
    ]);
    // A revoked device's events keep counting until the admin voids them.
    expect((await admin(t, ['revoke', '--device', broken.deviceId])).code).toBe(0);
    expect((await report(t, good.token)).total.arrived).toBe(4);

    const voided = await admin(t, ['void-events', '--device', broken.deviceId, '--reason', 'felställd klocka']);
    expect(voided.code, voided.err.join('\n')).toBe(0);
    expect(voided.out[0]).toMatch(/^voided 2 events/);
    const after = await report(t, good.token);
    expect(after.total.arrived).toBe(2);
    expect(after.total.avgWaitSeconds).toBe(300);
    const listed = await admin(t, ['events', '--device', broken.deviceId]);
    expect(listed.out).toHaveLength(2);
    expect(listed.out.every((l) => /\tvoided 2026-03-10T09:00:00.000Z$/.test(l))).toBe(true);

    // By office and date range: only 2026-03-03 of the good device.
    const ranged = await admin(t, [
      'void-events',
      '--office',
      'stockholm',
      '--from',
      '2026-03-03',
      '--to',
      '2026-03-03',
    ]);
    expect(ranged.out[0]).toMatch(/^voided 1 events/);
    expect((await report(t, good.token)).total.arrived).toBe(1);

    const restored = await admin(t, ['restore-events', '--device', broken.deviceId, '--from', '2026-03-02']);
    expect(restored.out[0]).toMatch(/^restored 2 events/);
    expect((await report(t, good.token)).total.arrived).toBe(3);

    const audit = await admin(t, ['audit']);
    expect(audit.out.map((l) => l.split('\t')[2])).toEqual(['void', 'void', 'restore']);
    expect(audit.out[0]).toContain(`"deviceId":"${broken.deviceId}"`);
    expect(audit.out[0]).toMatch(/\t2\tfelställd klocka$/);
    expect(audit.out[1]).toContain('"from":"2026-03-03"');

    // A filter names a device or an office; dates are dates.
    expect((await admin(t, ['void-events'])).code).toBe(2);
    expect((await admin(t, ['void-events', '--office', 'stockholm', '--from', '2026-13-01'])).code).toBe(2);
    expect((await admin(t, ['audit'])).out).toHaveLength(3);
  });
});
