import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLOCK_SKEW_FLAG_SECONDS,
  MAX_BATCH_EVENTS,
  StatsEventErrandSchema,
  StatsEventSchema,
} from '../../../shared/sync';
import { BACKENDS, servedEvent, useTestServer } from './harness';

describe.each(BACKENDS)('event upload ($name)', (backend) => {
  const s = useTestServer(backend);

  it('is idempotent: the same batch twice, and overlapping batches, store each event once and list every id held', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const [a, b, c, d] = [1, 2, 3, 4].map(() => servedEvent('stockholm'));
    const first = await t.upload(device.token, [a!, b!, c!]);
    expect(first.status).toBe(200);
    expect(first.json.stored.sort()).toEqual([a!.id, b!.id, c!.id].sort());
    expect(first.json.conflicts).toEqual([]);

    const again = await t.upload(device.token, [a!, b!, c!]);
    expect(again.json.stored.sort()).toEqual([a!.id, b!.id, c!.id].sort());

    // Re-ordered keys and whitespace are the same content (canonical JSON).
    const reordered = JSON.parse(JSON.stringify({ ...c!, errands: c!.errands, id: c!.id }));
    const overlap = await t.upload(device.token, [reordered, d!]);
    expect(overlap.json.stored.sort()).toEqual([c!.id, d!.id].sort());
    expect(overlap.json.conflicts).toEqual([]);
    expect((await t.store.countEvents()).total).toBe(4);
  });

  it('reports an id already held with different content as a conflict and keeps the first', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const original = servedEvent('stockholm', { serviceSeconds: 600 });
    await t.upload(device.token, [original]);
    const changed = { ...original, serviceSeconds: 900 };
    const other = servedEvent('stockholm');
    const res = await t.upload(device.token, [changed, other]);
    expect(res.status).toBe(200);
    expect(res.json.conflicts).toEqual([original.id]);
    expect(res.json.stored).toEqual([other.id]);
    const held = await t.store.currentEvents('stockholm', '2026-03-09', '2026-03-09');
    expect(held.find((e) => e.id === original.id)?.serviceSeconds).toBe(600);
  });

  it('refuses the whole batch (403) when one event is for another office', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const res = await t.upload(device.token, [servedEvent('stockholm'), servedEvent('malmo')]);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('FORBIDDEN_OFFICE');
    expect((await t.store.countEvents()).total).toBe(0);
  });

  it('answers 401 without a token or with an unknown one, TOKEN_REVOKED once the device is revoked', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const none = await t.request('POST', '/v1/events', { body: { sentAt: t.clock.now().toISOString(), events: [] } });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('UNAUTHORIZED');
    const unknown = await t.upload('x'.repeat(43), [servedEvent('stockholm')]);
    expect(unknown.json.error.code).toBe('UNAUTHORIZED');

    expect((await t.upload(device.token, [servedEvent('stockholm')])).status).toBe(200);
    await t.store.revokeDevice(device.deviceId, t.clock.now().toISOString());
    const revoked = await t.upload(device.token, [servedEvent('stockholm')]);
    expect(revoked.status).toBe(401);
    expect(revoked.json.error.code).toBe('TOKEN_REVOKED');
  });

  it('answers 413 over MAX_BATCH_EVENTS events and over MAX_BATCH_BYTES, as JSON', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const many = Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => servedEvent('stockholm'));
    const tooMany = await t.upload(device.token, many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.json.error.code).toBe('PAYLOAD_TOO_LARGE');

    const full = await t.upload(device.token, many.slice(0, MAX_BATCH_EVENTS));
    expect(full.status).toBe(200);
    expect(full.json.stored).toHaveLength(MAX_BATCH_EVENTS);

    const padding = ' '.repeat(600 * 1024);
    const tooBig = await t.request('POST', '/v1/events', {
      token: device.token,
      rawBody: `{"sentAt":"2026-03-10T09:00:00Z","events":[]${padding}}`,
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 422 with the paths of bad fields, and 400 when the body is not JSON', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const bad = await t.upload(device.token, [
      servedEvent('stockholm'),
      { ...servedEvent('stockholm'), localTime: '25:00', ticketNumber: 'A001' } as never,
    ]);
    expect(bad.status).toBe(422);
    expect(bad.json.error.code).toBe('VALIDATION');
    const paths = bad.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('events.1.localTime');
    expect(JSON.stringify(bad.json)).not.toContain('A001');
    expect((await t.store.countEvents()).total).toBe(0);

    const notJson = await t.request('POST', '/v1/events', { token: device.token, rawBody: '{"sentAt": ' });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.code).toBe('BAD_REQUEST');
    const text = await t.request('POST', '/v1/events', {
      token: device.token,
      rawBody: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(400);
    expect(text.json.error.code).toBe('BAD_REQUEST');
  });

  it('stores receipt time and clock skew; flags a device clock more than CLOCK_SKEW_FLAG_SECONDS off', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const ahead = new Date(t.clock.now().getTime() + (CLOCK_SKEW_FLAG_SECONDS + 60) * 1000).toISOString();
    const skewed = await t.upload(device.token, [servedEvent('stockholm')], ahead);
    expect(skewed.json.clockSkewSeconds).toBe(CLOCK_SKEW_FLAG_SECONDS + 60);
    expect(skewed.json.receivedAt).toBe(t.clock.now().toISOString());
    const slightly = new Date(t.clock.now().getTime() - 30_000).toISOString();
    const ok = await t.upload(device.token, [servedEvent('stockholm')], slightly);
    expect(ok.json.clockSkewSeconds).toBe(-30);
    expect(await t.store.countEvents()).toEqual({ total: 2, skewFlagged: 1 });
    // Skewed events still count on their own local date.
    const stats = await t.request('GET', '/v1/stats/daily?office=stockholm&from=2026-03-09&to=2026-03-09', {
      token: device.token,
    });
    expect(stats.json.total.arrived).toBe(2);
  });

  it('cannot carry a personnummer: the schema refuses one, and the database file holds none after uploads', async () => {
    const { t } = s;
    expect(
      StatsEventErrandSchema.safeParse({
        agency: 'SKV',
        errandKind: '19800101-1234',
        outcome: 'done',
        lacksEid: false,
        interpreter: false,
      }).success,
    ).toBe(false);
    expect(StatsEventSchema.safeParse({ ...servedEvent('stockholm'), note: '800101-1234' }).success).toBe(false);

    const device = await t.enroll('stockholm');
    const res = await t.upload(device.token, [
      servedEvent('stockholm'),
      {
        ...servedEvent('stockholm'),
        errands: [{ agency: 'SKV', errandKind: '19800101-1234', outcome: 'done', lacksEid: false, interpreter: false }],
      },
    ]);
    expect(res.status).toBe(422);
    expect((await t.upload(device.token, [servedEvent('stockholm'), servedEvent('stockholm')])).status).toBe(200);
    if (t.db.dataDir) {
      await t.stop();
      const personnummer = /\b(?:19|20)?\d{6}[-+]?\d{4}\b/;
      for (const file of readdirSync(t.db.dataDir)) {
        const bytes = readFileSync(join(t.db.dataDir, file)).toString('latin1');
        expect(personnummer.test(bytes), file).toBe(false);
      }
      await t.server.close();
      // The afterEach stops it again: reopen so that is harmless.
      await t.restart();
    }
  });
});
