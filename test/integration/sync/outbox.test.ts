import { describe, expect, it } from 'vitest';
import { computeReport } from '../../../shared/statsCompute';
import { StatsEventSchema, eventToArrival, type StatsEvent } from '../../../shared/sync';
import { seedArrivals } from '../../support/statsSeed';
import { syncDevice } from '../../support/syncDevice';

/** The events that count now: those no later event supersedes (what the service does too). */
function current(events: StatsEvent[]): StatsEvent[] {
  const superseded = new Set(events.map((e) => e.supersedes).filter(Boolean));
  return events.filter((e) => !superseded.has(e.id));
}

/**
 * The report the service would compute from these events, checked equal to the device's
 * own report over its store for the same days; returned for further checks.
 */
function expectSameReport(d: Awaited<ReturnType<typeof syncDevice>>, events: StatsEvent[], from: string, to: string) {
  const range = { officeId: 'stockholm', from, to, serviceLevelMinutes: 20 };
  const arrivals = current(events).flatMap((e) => eventToArrival(e) ?? []);
  const fromEvents = computeReport(arrivals, range);
  expect(fromEvents).toEqual(computeReport(d.backend.context!.stats.arrivals(range), range));
  return fromEvents;
}

function eventsOf(d: Awaited<ReturnType<typeof syncDevice>>): StatsEvent[] {
  return d.outboxRows().map((r) => StatsEventSchema.parse(JSON.parse(r.payload)));
}

describe('the statistics outbox', () => {
  it('writes one anonymous event when a visit closes, in the same transaction', async () => {
    const d = await syncDevice({ at: '2026-11-23T09:15:00Z' });
    let visit = await d.call('visits.start', {});
    visit = await d.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.id_card' });
    visit = await d.call('visits.addErrand', { visitId: visit.id, agency: 'FK', errandKind: 'fk.eu_card' });
    await d.call('visits.updateErrand', {
      errandId: visit.errands[0]!.id,
      lacksEid: true,
      language: 'ar',
      note: 'Sven Svensson ringer tillbaka',
    });
    await d.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'done' });
    await d.call('visits.setOutcome', { errandId: visit.errands[1]!.id, outcome: 'referred' });
    expect(d.outboxRows()).toEqual([]); // nothing until the visit closes
    await d.call('visits.close', { visitId: visit.id });
    const rows = d.outboxRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.arrival_key).toBe(`v:${visit.id}`);
    const event = StatsEventSchema.parse(JSON.parse(rows[0]!.payload));
    expect(event).toMatchObject({
      supersedes: null,
      officeId: 'stockholm',
      localDate: '2026-11-23',
      localTime: '10:15',
      status: 'served',
      waitingSeconds: null,
      serviceSeconds: 0,
      errands: [
        { agency: 'SKV', errandKind: 'skv.id_card', outcome: 'done', lacksEid: true, interpreter: false },
        { agency: 'FK', errandKind: 'fk.eu_card', outcome: 'referred', lacksEid: false, interpreter: false },
      ],
    });
    // Nothing that names a person, an officer or a device row.
    for (const needle of ['ANLA', visit.id, visit.errands[0]!.id, 'Svensson', 'note', 'signature', 'number', '"ar"'])
      expect(rows[0]!.payload).not.toContain(needle);
  });

  it('writes nothing when the close fails, and nothing half: the event shares the transaction', async () => {
    const d = await syncDevice();
    let visit = await d.call('visits.start', {});
    visit = await d.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.id_card' });
    visit = await d.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'done' });
    const outbox = d.backend.context!.outbox;
    const original = outbox.record.bind(outbox);
    outbox.record = (ref, now) => {
      original(ref, now);
      throw new Error('power cut right after the event');
    };
    expect((await d.raw('visits.close', { visitId: visit.id })).ok).toBe(false);
    outbox.record = original;
    expect(d.outboxRows()).toEqual([]);
    expect((await d.call('visits.current', {}))?.closedAt).toBeNull();
    await d.call('visits.close', { visitId: visit.id });
    expect(d.outboxRows()).toHaveLength(1);
  });

  it('a correction is a new event that supersedes the earlier one; counted once', async () => {
    const d = await syncDevice({ at: '2026-11-23T09:00:00Z' });
    const { ticket, visit } = await d.ticketVisit('skv.id_card', 'done');
    d.clock.set('2026-11-23T09:30:00Z');
    await d.call('visits.reopen', { visitId: visit.id });
    await d.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'needs_documents' });
    await d.call('visits.close', { visitId: visit.id });
    const events = eventsOf(d);
    expect(events).toHaveLength(2);
    expect(d.outboxRows().map((r) => r.arrival_key)).toEqual([`t:${ticket.id}`, `t:${ticket.id}`]);
    expect(events[1]!.supersedes).toBe(events[0]!.id);
    expect(events[1]!.errands[0]!.outcome).toBe('needs_documents');
    // Same service time: a correction keeps the first end.
    expect(events[1]!.serviceSeconds).toBe(events[0]!.serviceSeconds);
    // Closing the same state again says nothing new: no third event.
    await d.call('visits.reopen', { visitId: visit.id });
    await d.call('visits.close', { visitId: visit.id });
    expect(d.outboxRows()).toHaveLength(2);

    const fromEvents = expectSameReport(d, events, '2026-11-23', '2026-11-23');
    expect(fromEvents.total.arrived).toBe(1);
  });

  it('a no-show is an event; called again and served, the visit supersedes it', async () => {
    const d = await syncDevice({ at: '2026-11-23T09:00:00Z' });
    const ticket = await d.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    d.clock.set('2026-11-23T09:10:00Z');
    await d.call('tickets.call', { counterId: d.counterId, ticketId: ticket.id });
    await d.call('tickets.noShow', { counterId: d.counterId, ticketId: ticket.id });
    expect(eventsOf(d).map((e) => e.status)).toEqual(['no_show']);
    d.clock.set('2026-11-23T09:20:00Z');
    await d.call('tickets.recall', { counterId: d.counterId, ticketId: ticket.id });
    let visit = await d.call('tickets.serve', { counterId: d.counterId, ticketId: ticket.id });
    visit = await d.call('visits.addErrand', { visitId: visit.id, agency: 'PM', errandKind: 'pm.general_pension' });
    visit = await d.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'done' });
    d.clock.set('2026-11-23T09:31:00Z');
    await d.call('visits.close', { visitId: visit.id });
    const events = eventsOf(d);
    expect(events.map((e) => e.status)).toEqual(['no_show', 'served']);
    expect(events[1]).toMatchObject({ supersedes: events[0]!.id, waitingSeconds: 20 * 60, serviceSeconds: 11 * 60 });
  });

  it('sweeps past days: tickets left waiting, and history from before the outbox, then a voided one is void', async () => {
    const d = await syncDevice({ at: '2026-11-20T08:00:00Z' });
    const waiting = await d.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    const cancelled = await d.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    await d.call('tickets.cancel', { ticketId: cancelled.id });
    expect(d.outboxRows()).toEqual([]); // a voided ticket never counted: nothing to say
    seedArrivals(d.db, [
      {
        officeId: 'stockholm',
        date: '2026-11-18',
        at: '09:00',
        ticket: true,
        waitSeconds: 300,
        serviceSeconds: 600,
        errands: [{ agency: 'AF', kind: 'af.registration', outcome: 'done' }],
      },
      { officeId: 'stockholm', date: '2026-11-18', at: '09:05', ticket: true, noShow: true },
      {
        officeId: 'stockholm',
        date: '2026-11-19',
        at: '11:00',
        ticket: false,
        serviceSeconds: 120,
        errands: [{ agency: 'SKV', kind: 'skv.population_certificate', outcome: 'done' }],
      },
      {
        officeId: 'stockholm',
        date: '2026-11-19',
        at: '11:30',
        ticket: true,
        waitSeconds: 60,
        errands: [{ agency: 'SKV', kind: 'skv.moving', outcome: null }],
      }, // still open
    ]);
    d.clock.set('2026-11-21T07:00:00Z');
    expect(await d.sync.sweep()).toBe(5);
    expect(await d.sync.sweep()).toBe(0); // once a day
    d.clock.set('2026-11-22T07:00:00Z');
    expect(await d.sync.sweep()).toBe(0); // the days before again: nothing new to say
    const events = eventsOf(d);
    expect(events.map((e) => `${e.localDate} ${e.status}`).sort()).toEqual([
      '2026-11-18 no_show',
      '2026-11-18 served',
      '2026-11-19 open',
      '2026-11-19 served',
      '2026-11-20 unserved',
    ]);
    expectSameReport(d, events, '2026-11-18', '2026-11-20');
    // Voiding the counted ticket afterwards supersedes its event with a void one.
    await d.call('tickets.cancel', { ticketId: waiting.id });
    const last = eventsOf(d).at(-1)!;
    expect(last).toMatchObject({ status: 'void', localDate: '2026-11-20', errands: [] });
    expect(last.supersedes).toBe(events.find((e) => e.status === 'unserved')!.id);
  });

  it('sweeps a long history in short transactions: the counter is answered in between', async () => {
    const d = await syncDevice({ at: '2026-11-26T08:00:00Z' });
    seedArrivals(
      d.db,
      Array.from({ length: 1_600 }, (_, i) => ({
        officeId: 'stockholm',
        date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`,
        at: '10:00',
        ticket: i % 3 !== 0,
        waitSeconds: 60,
        serviceSeconds: 300,
        errands: [{ agency: 'SKV' as const, kind: 'skv.moving', outcome: 'done' as const }],
      })),
    );
    let swept = false;
    const sweeping = d.sync.sweep().then((n) => {
      swept = true;
      return n;
    });
    const snapshot = await d.call('queue.snapshot', {});
    expect(snapshot.counters.length).toBeGreaterThan(0);
    expect(swept).toBe(false); // answered while the sweep was still going
    expect(await sweeping).toBe(1_600);
    expect(d.outboxRows()).toHaveLength(1_600);
  });

  it('a recalled no-show left waiting is reported again at the end of its day: no stale no-show', async () => {
    const d = await syncDevice({ at: '2026-11-23T09:00:00Z' });
    const ticket = await d.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    await d.call('tickets.call', { counterId: d.counterId, ticketId: ticket.id });
    await d.call('tickets.noShow', { counterId: d.counterId, ticketId: ticket.id });
    await d.call('tickets.recall', { counterId: d.counterId, ticketId: ticket.id });
    await d.call('tickets.requeue', { counterId: d.counterId, ticketId: ticket.id });
    expect(eventsOf(d).map((e) => e.status)).toEqual(['no_show']);
    // The day ends with the ticket still waiting: the end-of-day report replaces the no-show.
    d.clock.set('2026-11-24T07:00:00Z');
    expect(await d.sync.sweep()).toBe(1);
    const events = eventsOf(d);
    expect(events.map((e) => e.status)).toEqual(['no_show', 'unserved']);
    expect(events[1]!.supersedes).toBe(events[0]!.id);
    expect(expectSameReport(d, events, '2026-11-23', '2026-11-23').total).toMatchObject({ arrived: 1, noShows: 0 });
  });

  it('a visit open past midnight is reported open at the end of its day, then served when it closes', async () => {
    const d = await syncDevice({ at: '2026-11-23T22:50:00Z' });
    const { ticket } = { ticket: await d.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' }) };
    await d.call('tickets.call', { counterId: d.counterId, ticketId: ticket.id });
    let visit = await d.call('tickets.serve', { counterId: d.counterId, ticketId: ticket.id });
    visit = await d.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.moving' });
    d.clock.set('2026-11-24T00:20:00Z'); // past midnight in Stockholm: the 23rd is over
    expect(await d.sync.sweep()).toBe(1);
    await d.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'done' });
    await d.call('visits.close', { visitId: visit.id });
    const events = eventsOf(d);
    expect(events.map((e) => `${e.localDate} ${e.status} ${e.errands[0]?.outcome ?? '-'}`)).toEqual([
      '2026-11-23 open -',
      '2026-11-23 served done',
    ]);
    expect(events[1]!.supersedes).toBe(events[0]!.id);
  });

  it('an arrival the contract cannot carry is logged and skipped; the sweep goes on', async () => {
    const d = await syncDevice({ at: '2026-11-26T08:00:00Z' });
    seedArrivals(d.db, [
      {
        officeId: 'stockholm',
        date: '2026-11-20',
        at: '10:00',
        ticket: true,
        waitSeconds: 60,
        serviceSeconds: 60,
        // From before the cap on errands: more than an event can carry.
        errands: Array.from({ length: 21 }, () => ({
          agency: 'SKV' as const,
          kind: 'skv.other',
          outcome: 'done' as const,
        })),
      },
      { officeId: 'stockholm', date: '2026-11-20', at: '10:05', ticket: true, noShow: true },
    ]);
    expect(await d.sync.sweep()).toBe(1);
    expect(eventsOf(d).map((e) => e.status)).toEqual(['no_show']);
  });

  it('refuses a 21st errand in a visit, so every visit can be closed and reported', async () => {
    const d = await syncDevice();
    let visit = await d.call('visits.start', {});
    for (let i = 0; i < 20; i++)
      visit = await d.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.other' });
    expect(
      await d.raw('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.other' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_ERRANDS' },
    });
    for (const e of visit.errands) await d.call('visits.setOutcome', { errandId: e.id, outcome: 'done' });
    await d.call('visits.close', { visitId: visit.id });
    expect(eventsOf(d)[0]!.errands).toHaveLength(20);
  });
});
