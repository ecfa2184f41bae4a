import type { Ticket } from '../../../shared/api';
import { describe, expect, it } from 'vitest';
import { testBackend, testClock } from '../../support/backend';

async function office(officeId = 'stockholm', at = '2026-11-23T08:00:00Z') {
  const clock = testClock(at);
  const t = testBackend({ now: clock.now });
  await t.call('setup.save', { officeId, officerSignature: 'ANLA' });
  const snapshot = await t.call('queue.snapshot', {});
  const [c1, c2] = snapshot.counters;
  await t.call('counters.open', { counterId: c1!.id });
  await t.call('counters.open', { counterId: c2!.id, officerSignature: 'BOBE' });
  return { ...t, clock, c1: c1!.id, c2: c2!.id };
}

describe('queues and counters', () => {
  it('a new office gets default queues (B only with biometric equipment) and three counters', async () => {
    const t = testBackend();
    await t.call('setup.save', { officeId: 'stockholm', officerSignature: 'ANLA' });
    expect((await t.call('queue.snapshot', {})).queues.map((q) => q.letter)).toEqual(['A', 'B', 'T']);
    await t.call('setup.save', { officeId: 'storuman', officerSignature: 'ANLA' });
    const s = await t.call('queue.snapshot', {});
    expect(s.queues.map((q) => q.letter)).toEqual(['A', 'T']);
    expect(s.counters.map((c) => c.name)).toEqual(['Lucka 1', 'Lucka 2', 'Lucka 3']);
  });

  it("changing the device's officer closes the old officer's idle counter, and refuses while a ticket is held", async () => {
    const t = await office();
    const ticket = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    await t.call('tickets.call', { counterId: t.c1, ticketId: ticket.id });
    expect(await t.raw('setup.save', { officeId: 'stockholm', officerSignature: 'CECI' })).toMatchObject({
      ok: false,
      error: { code: 'OFFICER_BUSY', details: [{ issue: 'has_active_ticket' }] },
    });
    await t.call('tickets.requeue', { counterId: t.c1, ticketId: ticket.id });
    await t.call('setup.save', { officeId: 'stockholm', officerSignature: 'CECI' });
    const counters = (await t.call('queue.snapshot', {})).counters;
    expect(counters.map((c) => c.officerSignature)).toEqual([null, 'BOBE', null]);
  });

  it('an officer sits at one counter; a counter opened by someone else is busy', async () => {
    const t = await office();
    const c3 = (await t.call('queue.snapshot', {})).counters[2]!.id;
    expect(await t.raw('counters.open', { counterId: t.c2 })).toMatchObject({
      ok: false,
      error: { code: 'COUNTER_BUSY' },
    });
    const counters = await t.call('counters.open', { counterId: c3 }); // ANLA moves from c1 to c3
    expect(counters.map((c) => c.officerSignature)).toEqual([null, 'BOBE', 'ANLA']);
  });

  it('queues can be configured; bad configuration is refused', async () => {
    const t = await office();
    const saved = await t.call('queues.save', {
      letter: 'C',
      name: 'Pension',
      agencies: ['PM'],
      errandKinds: ['pm.general_pension'],
      priority: 2,
      kiosk: true,
      active: true,
    });
    expect(saved.map((q) => q.letter)).toEqual(['A', 'B', 'C', 'T']);
    expect(
      await t.raw('queues.save', {
        letter: 'cc',
        name: 'x',
        agencies: [],
        errandKinds: [],
        priority: 0,
        kiosk: true,
        active: true,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(
      await t.raw('queues.save', {
        letter: 'D',
        name: 'Dd',
        agencies: [],
        errandKinds: ['pm.nope'],
        priority: 0,
        kiosk: true,
        active: true,
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('ticket numbers', () => {
  it('run per queue and local day, A001…, and restart at Stockholm midnight', async () => {
    const t = await office('stockholm', '2026-01-15T22:58:00Z'); // 23:58 CET
    const issue = async (q: string) => (await t.call('tickets.issue', { queueLetter: q, source: 'officer' })).number;
    expect([await issue('A'), await issue('A'), await issue('B')]).toEqual(['A001', 'A002', 'B001']);
    t.clock.set('2026-01-15T23:00:00Z'); // 00:00 CET on the 16th: a new day
    expect(await issue('A')).toBe('A001');
  });

  for (const [name, before, after] of [
    ['spring DST day', '2026-03-28T22:59:00Z', '2026-03-28T23:00:00Z'],
    ['after the spring change', '2026-03-29T21:59:00Z', '2026-03-29T22:00:00Z'],
    ['autumn DST day', '2026-10-24T21:59:00Z', '2026-10-24T22:00:00Z'],
    ['after the autumn change', '2026-10-25T22:59:00Z', '2026-10-25T23:00:00Z'],
  ] as const) {
    it(`restart exactly at local midnight around the ${name}`, async () => {
      const t = await office('stockholm', before);
      await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
      expect((await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' })).number).toBe('A002');
      t.clock.set(after);
      expect((await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' })).number).toBe('A001');
    });
  }

  it('are never issued twice, even when many are asked for at once', async () => {
    const t = await office();
    const tickets = await Promise.all(
      Array.from({ length: 50 }, () => t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' })),
    );
    expect(new Set(tickets.map((x) => x.number)).size).toBe(50);
  });

  it('refuse unknown or inactive queues', async () => {
    const t = await office();
    expect(await t.raw('tickets.issue', { queueLetter: 'Z', source: 'kiosk' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_QUEUE' },
    });
    await t.call('queues.save', {
      letter: 'A',
      name: 'Allmänt',
      agencies: [],
      errandKinds: [],
      priority: 0,
      kiosk: true,
      active: false,
    });
    expect(await t.raw('tickets.issue', { queueLetter: 'A', source: 'kiosk' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_QUEUE' },
    });
  });
});

describe('calling', () => {
  it('call next is first come, first served, across queues', async () => {
    const t = await office();
    const a = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    t.clock.set('2026-11-23T08:01:00Z');
    const b = await t.call('tickets.issue', { queueLetter: 'B', source: 'kiosk' });
    expect((await t.call('tickets.callNext', { counterId: t.c1 }))?.id).toBe(a.id);
    expect((await t.call('tickets.callNext', { counterId: t.c2 }))?.id).toBe(b.id);
    expect((await t.call('queue.snapshot', {})).waiting).toEqual([]);
  });

  it('two counters calling next at the same instant get different tickets', async () => {
    const t = await office();
    for (let i = 0; i < 4; i++) await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    const [x, y] = await Promise.all([
      t.call('tickets.callNext', { counterId: t.c1 }),
      t.call('tickets.callNext', { counterId: t.c2 }),
    ]);
    expect(x!.id).not.toBe(y!.id);
    expect([x!.counterId, y!.counterId].sort()).toEqual([t.c1, t.c2].sort());
  });

  it('one ticket at a time per counter: no double calls', async () => {
    const t = await office();
    await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    t.clock.set('2026-11-23T08:01:00Z'); // later, so call next takes the first
    const second = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    await t.call('tickets.callNext', { counterId: t.c1 });
    expect(await t.raw('tickets.callNext', { counterId: t.c1 })).toMatchObject({
      ok: false,
      error: { code: 'COUNTER_HAS_TICKET' },
    });
    expect(await t.raw('tickets.call', { counterId: t.c1, ticketId: second.id })).toMatchObject({
      ok: false,
      error: { code: 'COUNTER_HAS_TICKET' },
    });
  });

  it('a ticket cannot be served by two officers', async () => {
    const t = await office();
    const ticket = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    await t.call('tickets.call', { counterId: t.c1, ticketId: ticket.id });
    expect(await t.raw('tickets.serve', { counterId: t.c2, ticketId: ticket.id })).toMatchObject({
      ok: false,
      error: { code: 'COUNTER_BUSY' },
    });
    expect(await t.raw('tickets.call', { counterId: t.c2, ticketId: ticket.id })).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
    await t.call('tickets.serve', { counterId: t.c1, ticketId: ticket.id });
    expect(await t.raw('tickets.serve', { counterId: t.c1, ticketId: ticket.id })).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
  });

  it('no-show only after a call; a closed counter cannot call', async () => {
    const t = await office();
    const ticket = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    expect(await t.raw('tickets.noShow', { counterId: t.c1, ticketId: ticket.id })).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION', details: [{ path: 'ticketId', issue: 'waiting:no_show' }] },
    });
    await t.call('counters.close', { counterId: t.c1 });
    expect(await t.raw('tickets.callNext', { counterId: t.c1 })).toMatchObject({
      ok: false,
      error: { code: 'COUNTER_NOT_OPEN' },
    });
  });

  it('walks call → no-show → recall → serve → visit → close, with every step an event', async () => {
    const t = await office();
    const ticket = await t.call('tickets.issue', { queueLetter: 'A', source: 'officer' });
    t.clock.set('2026-11-23T08:10:00Z');
    await t.call('tickets.callNext', { counterId: t.c1 });
    t.clock.set('2026-11-23T08:12:00Z');
    expect((await t.call('tickets.noShow', { counterId: t.c1, ticketId: ticket.id })).state).toBe('no_show');
    t.clock.set('2026-11-23T08:20:00Z');
    const recalled = await t.call('tickets.recall', { counterId: t.c1, ticketId: ticket.id });
    expect(recalled).toMatchObject({ state: 'called', callCount: 2, firstCalledAt: '2026-11-23T08:10:00.000Z' });
    t.clock.set('2026-11-23T08:21:00Z');
    const visit = await t.call('tickets.serve', { counterId: t.c1, ticketId: ticket.id });
    // Recalled after a no-show: the wait runs to the last call (20 min), not the first (10).
    expect(visit).toMatchObject({
      ticketNumber: 'A001',
      counterName: 'Lucka 1',
      waitingSeconds: 1200,
      officerSignature: 'ANLA',
    });
    const withErrand = await t.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.moving' });
    await t.call('visits.setOutcome', { errandId: withErrand.errands[0]!.id, outcome: 'done' });
    await t.call('visits.close', { visitId: visit.id });
    expect(await t.raw('visits.close', { visitId: visit.id })).toMatchObject({
      ok: false,
      error: { code: 'VISIT_CLOSED' },
    });

    const history = await t.call('tickets.history', { ticketId: ticket.id });
    expect(history.map((e) => `${e.fromState ?? '-'}>${e.action}>${e.toState}`)).toEqual([
      '->issue>waiting',
      'waiting>call>called',
      'called>no_show>no_show',
      'no_show>recall>called',
      'called>serve>serving',
      'serving>finish>done',
    ]);
    const snapshot = await t.call('queue.snapshot', {});
    expect(snapshot.active).toEqual([]);
    expect(snapshot.recentCalls.map((c) => `${c.number}@${c.counterName}`)).toEqual(['A001@Lucka 1']); // once, though called twice
  });

  it('transfer keeps the number and the arrival time, in the new queue', async () => {
    const t = await office();
    const ticket = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    t.clock.set('2026-11-23T08:30:00Z');
    await t.call('tickets.callNext', { counterId: t.c1 });
    const moved = await t.call('tickets.transfer', { ticketId: ticket.id, queueLetter: 'B' });
    expect(moved).toMatchObject({
      number: 'A001',
      queueLetter: 'B',
      state: 'waiting',
      issuedAt: ticket.issuedAt,
      counterId: null,
    });
    const snapshot = await t.call('queue.snapshot', {});
    expect(snapshot.queues.find((q) => q.letter === 'B')).toMatchObject({ waiting: 1, longestWaitSeconds: 1800 });
  });

  it('requeue puts a called ticket back; cancel ends a waiting one', async () => {
    const t = await office();
    const ticket = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    await t.call('tickets.callNext', { counterId: t.c1 });
    expect((await t.call('tickets.requeue', { counterId: t.c1, ticketId: ticket.id })).state).toBe('waiting');
    expect((await t.call('tickets.cancel', { ticketId: ticket.id })).state).toBe('cancelled');
    expect(await t.raw('tickets.call', { counterId: t.c1, ticketId: ticket.id })).toMatchObject({
      ok: false,
      error: { code: 'ILLEGAL_TRANSITION' },
    });
  });
});

describe('appointments', () => {
  it('checked in on arrival, called before walk-ins when due', async () => {
    const t = await office('stockholm', '2026-11-23T08:00:00Z');
    await t.call('appointments.book', {
      queueLetter: 'T',
      reference: 'bk-4711',
      scheduledAt: '2026-11-23T09:00:00Z',
      agency: 'SKV',
      errandKind: 'skv.id_card',
    });
    const walkIn = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    t.clock.set('2026-11-23T08:50:00Z');
    const booked = await t.call('appointments.checkIn', { reference: 'BK-4711' });
    expect(booked).toMatchObject({ number: 'T001', source: 'appointment', appointmentAt: '2026-11-23T09:00:00.000Z' });
    expect(await t.raw('appointments.checkIn', { reference: 'BK-4711' })).toMatchObject({
      ok: false,
      error: { code: 'APPOINTMENT_CHECKED_IN' },
    });
    // 08:50: not yet due (lead 5 min), so the earlier walk-in goes first.
    expect((await t.call('tickets.callNext', { counterId: t.c1 }))?.id).toBe(walkIn.id);
    const second = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    t.clock.set('2026-11-23T08:56:00Z');
    expect((await t.call('tickets.callNext', { counterId: t.c2 }))?.id).toBe(booked.id);
    expect(second.state).toBe('waiting');
  });

  it('refuse unknown bookings, duplicates and personnummer-shaped references', async () => {
    const t = await office();
    expect(await t.raw('appointments.checkIn', { reference: 'NOPE-1' })).toMatchObject({
      ok: false,
      error: { code: 'APPOINTMENT_NOT_FOUND' },
    });
    const book = (reference: string) =>
      t.raw('appointments.book', {
        queueLetter: 'T',
        reference,
        scheduledAt: '2026-11-23T09:00:00Z',
        agency: null,
        errandKind: null,
      });
    expect((await book('X-1')).ok).toBe(true);
    expect(await book('X-1')).toMatchObject({ ok: false, error: { code: 'DUPLICATE' } });
    expect(await book('19121212-1212')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await book('121212-1212')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('live updates', () => {
  it('every successful change is pushed to subscribers; failed requests push nothing', async () => {
    const t = await office();
    await new Promise((r) => setImmediate(r)); // let the setup's own events go out first
    const seen: unknown[] = [];
    t.backend.host.subscribe((e) => seen.push(e));
    await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    await t.raw('tickets.issue', { queueLetter: 'Z', source: 'kiosk' });
    await t.call('queue.snapshot', {});
    await new Promise((r) => setImmediate(r)); // events go out after the reply
    expect(seen).toEqual([{ type: 'changed', topics: ['queue'] }]);
  });
});

describe('after a crash', () => {
  it('between call and close, the ticket is still called at its counter and nothing is half-written', async () => {
    const t = await office();
    const ticket = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    await t.call('tickets.callNext', { counterId: t.c1 });
    const visit = await t.call('tickets.serve', { counterId: t.c1, ticketId: ticket.id });
    await t.call('visits.addErrand', { visitId: visit.id, agency: 'FK', errandKind: 'fk.eu_card' });
    // Crash: the connection goes without a clean close.
    t.db.close();

    const again = testBackend({ dataDir: t.dataDir, now: t.clock.now });
    expect((await again.call('app.status', {})).recoveredFromUncleanShutdown).toBe(true);
    const snapshot = await again.call('queue.snapshot', {});
    expect(snapshot.active.map((x: Ticket) => [x.number, x.state, x.counterId])).toEqual([['A001', 'serving', t.c1]]);
    const current = await again.call('visits.current', {});
    expect(current?.errands.map((e) => e.errandKind)).toEqual(['fk.eu_card']);
    await again.call('visits.setOutcome', { errandId: current!.errands[0]!.id, outcome: 'done' });
    await again.call('visits.close', { visitId: current!.id });
    expect((await again.call('tickets.history', { ticketId: ticket.id })).at(-1)?.toState).toBe('done');
  });
});
