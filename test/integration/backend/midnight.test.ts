import { describe, expect, it } from 'vitest';
import { testBackend, testClock } from '../../support/backend';

/** A queue that runs past midnight: the ticket issued at 23:55 does not vanish at 00:03. */
describe('a ticket left waiting at midnight', () => {
  async function lateOffice() {
    // 23:50 in Stockholm (CET) on 2026-11-23.
    const clock = testClock('2026-11-23T22:50:00Z');
    const t = testBackend({ now: clock.now });
    await t.call('setup.save', { officeId: 'stockholm', officerSignature: 'ANLA' });
    const counter = (await t.call('queue.snapshot', {})).counters[0]!.id;
    await t.call('counters.open', { counterId: counter });
    clock.set('2026-11-23T22:55:00Z');
    const late = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    return { ...t, clock, counter, late };
  }

  it('is shown apart the next day and callable by hand; served, it counts on its own day', async () => {
    const t = await lateOffice();
    // A visit closed after midnight refreshes everything: the ticket is still there, apart from today's.
    t.clock.set('2026-11-23T23:03:00Z');
    const visit = await t.call('visits.start', {});
    await t.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.moving' });
    await t.call('visits.setOutcome', {
      errandId: (await t.call('visits.current', {}))!.errands[0]!.id,
      outcome: 'done',
    });
    await t.call('visits.close', { visitId: visit.id });
    const snapshot = await t.call('queue.snapshot', {});
    expect(snapshot.localDate).toBe('2026-11-24');
    expect(snapshot.waiting).toEqual([]);
    expect(snapshot.carriedOver.map((x) => [x.number, x.localDate, x.state])).toEqual([
      ['A001', '2026-11-23', 'waiting'],
    ]);
    // "Call next" takes only today's tickets; the carried-over one is called by hand.
    expect(await t.call('tickets.callNext', { counterId: t.counter })).toBeNull();
    await t.call('tickets.call', { counterId: t.counter, ticketId: t.late.id });
    const served = await t.call('tickets.serve', { counterId: t.counter, ticketId: t.late.id });
    expect(served.localDate).toBe('2026-11-23');
    expect((await t.call('queue.snapshot', {})).carriedOver).toEqual([]);
  });

  it('is no longer carried over twelve hours after it was issued (the end-of-day report has it)', async () => {
    const t = await lateOffice();
    t.clock.set('2026-11-24T10:54:00Z');
    expect((await t.call('queue.snapshot', {})).carriedOver.map((x) => x.number)).toEqual(['A001']);
    t.clock.set('2026-11-24T10:56:00Z');
    expect((await t.call('queue.snapshot', {})).carriedOver).toEqual([]);
  });
});
