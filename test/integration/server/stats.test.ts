import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_LEVEL_MINUTES, type StatsArrival } from '../../../shared/stats';
import { computeReport } from '../../../shared/statsCompute';
import { eventToArrival, type StatsEvent } from '../../../shared/sync';
import { admin, BACKENDS, noShowEvent, servedEvent, useTestServer } from './harness';

const daily = (office: string, from: string, to: string, extra = '') =>
  `/v1/stats/daily?office=${office}&from=${from}&to=${to}${extra}`;

/** What the desktop would compute from the same current events. */
function expected(
  events: StatsEvent[],
  office: string,
  from: string,
  to: string,
  serviceLevelMinutes = DEFAULT_SERVICE_LEVEL_MINUTES,
) {
  const arrivals = events.map(eventToArrival).filter((a): a is StatsArrival => a !== null);
  return computeReport(arrivals, { officeId: office, from, to, serviceLevelMinutes });
}

describe.each(BACKENDS)('daily statistics ($name)', (backend) => {
  const s = useTestServer(backend);

  it('equals computeReport over the same arrivals, days without events included', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const events = [
      servedEvent('stockholm', { localDate: '2026-03-02', waitingSeconds: 30 * 60 }),
      servedEvent('stockholm', {
        localDate: '2026-03-02',
        waitingSeconds: null,
        errands: [
          { agency: 'FK', errandKind: 'fk.eu_card', outcome: 'referred', lacksEid: true, interpreter: false },
          { agency: 'MV', errandKind: 'mv.print_forms', outcome: null, lacksEid: false, interpreter: true },
        ],
      }),
      servedEvent('stockholm', { localDate: '2026-03-04', status: 'open', serviceSeconds: null }),
      noShowEvent('stockholm', { localDate: '2026-03-04' }),
      noShowEvent('stockholm', { localDate: '2026-03-05', status: 'unserved' }),
    ];
    expect((await t.upload(device.token, events)).status).toBe(200);
    const res = await t.request('GET', daily('stockholm', '2026-03-01', '2026-03-07', '&serviceLevelMinutes=10'), {
      token: device.token,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(expected(events, 'stockholm', '2026-03-01', '2026-03-07', 10));
    expect(res.json.days).toHaveLength(7);
    expect(res.json.total.arrived).toBe(5);
  });

  it('counts a superseded arrival once, with its latest event, in either arrival order (E2 before E1)', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const e1 = noShowEvent('stockholm', { localDate: '2026-03-03', localTime: '10:00' });
    const e2 = servedEvent('stockholm', { localDate: '2026-03-03', localTime: '10:00', supersedes: e1.id });
    const v1 = servedEvent('stockholm', { localDate: '2026-03-03' });
    const v2 = noShowEvent('stockholm', {
      localDate: '2026-03-03',
      status: 'void',
      supersedes: v1.id,
    });
    // The correction and the void arrive first, the originals after them.
    await t.upload(device.token, [e2, v2]);
    await t.upload(device.token, [e1, v1]);
    const res = await t.request('GET', daily('stockholm', '2026-03-03', '2026-03-03'), { token: device.token });
    expect(res.json).toEqual(expected([e2], 'stockholm', '2026-03-03', '2026-03-03'));
    expect(res.json.total).toMatchObject({ arrived: 1, served: 1, noShows: 0 });

    // And the same in the natural order, in another office's data.
    const other = await t.enroll('malmo');
    const f1 = noShowEvent('malmo', { localDate: '2026-03-03' });
    const f2 = servedEvent('malmo', { localDate: '2026-03-03', supersedes: f1.id });
    await t.upload(other.token, [f1]);
    await t.upload(other.token, [f2]);
    const malmo = await t.request('GET', daily('malmo', '2026-03-03', '2026-03-03'), { token: other.token });
    expect(malmo.json).toEqual(expected([f2], 'malmo', '2026-03-03', '2026-03-03'));
  });

  it('lets a device query its own office only, and an analyst token any office', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const malmo = await t.enroll('malmo');
    await t.upload(malmo.token, [servedEvent('malmo')]);
    const forbidden = await t.request('GET', daily('malmo', '2026-03-09', '2026-03-09'), { token: device.token });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.error.code).toBe('FORBIDDEN_OFFICE');

    const created = await admin(t, ['analyst-token', '--label', 'SCB']);
    expect(created.code).toBe(0);
    const analyst = created.out[0]!;
    const res = await t.request('GET', daily('malmo', '2026-03-09', '2026-03-09'), { token: analyst });
    expect(res.status).toBe(200);
    expect(res.json.total.arrived).toBe(1);
    // An analyst token cannot upload.
    expect((await t.upload(analyst, [servedEvent('malmo')])).status).toBe(401);
  });

  it('validates the query: dates, from ≤ to, at most two years, known parameters only', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const cases: [string, string][] = [
      [daily('stockholm', '2026-02-30', '2026-03-01'), 'from'],
      [daily('stockholm', '2026-03-05', '2026-03-01'), 'from'],
      [daily('stockholm', '2024-01-01', '2026-01-02'), 'to'],
      [daily('stockholm', '2026-03-01', '2026-03-02', '&serviceLevelMinutes=0'), 'serviceLevelMinutes'],
      [daily('stockholm', '2026-03-01', '2026-03-02', '&officer=ANLA'), ''],
      ['/v1/stats/daily?from=2026-03-01&to=2026-03-02', 'office'],
    ];
    for (const [path, field] of cases) {
      const res = await t.request('GET', path, { token: device.token });
      expect(res.status, path).toBe(422);
      expect(res.json.error.code).toBe('VALIDATION');
      expect(
        res.json.error.details.map((d: { path: string }) => d.path),
        path,
      ).toContain(field);
    }
    // A device asks for its own office over at most 366 days; an analyst over two years.
    const year = await t.request('GET', daily('stockholm', '2025-01-01', '2026-01-01'), { token: device.token });
    expect(year.status).toBe(200);
    const overYear = await t.request('GET', daily('stockholm', '2025-01-01', '2026-01-02'), { token: device.token });
    expect(overYear.status).toBe(422);
    expect(overYear.json.error.details[0].path).toBe('to');
    const analyst = (await admin(t, ['analyst-token'])).out[0]!;
    const twoYears = await t.request('GET', daily('stockholm', '2024-01-01', '2025-12-31'), { token: analyst });
    expect(twoYears.status).toBe(200);
  });
});
