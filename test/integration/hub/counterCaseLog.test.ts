import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Visit } from '../../../shared/api';
import { testBackend, testClock } from '../../support/backend';
import { FAST_LINK, HUB_PASSPHRASE, pairedDevice, testHub } from '../../support/hub';
import { waitFor } from '../../support/waitFor';

/**
 * Where things live with an office hub (decision 0008): the queue at the hub, the case log
 * (visits, errands, notes) on the counter PC that served the visit; the officer is the
 * counter's own, sent with each request, never the hub's.
 */

const NOTE = 'Återkommer med intyg från arbetsgivaren';

/** Every byte the store of `dataDir` wrote (database, WAL, backups), as Latin-1 and UTF-8 text. */
function storeBytes(dataDir: string): string {
  const files = readdirSync(dataDir).filter((f) => f.startsWith('lucka.sqlite'));
  return files.map((f) => readFileSync(join(dataDir, f)).toString('utf8')).join('\n');
}

async function officeWithCounter() {
  const hub = await testHub();
  const counter = await pairedDevice(hub, 'counter', 'Lucka 2');
  // The counter PC's own first-run setup: its officer, kept on the PC.
  await counter.call('setup.save', { officeId: hub.officeId, officerSignature: 'ANLA' });
  const counterId = (await hub.call('queue.snapshot', {})).counters[0]!.id;
  await counter.call('counters.open', { counterId });
  return { hub, counter, counterId };
}

describe('office hub: the case log on the counter PC', { timeout: 30_000 }, () => {
  it("a paired counter keeps its own officer: the hub's counter shows it, the hub's own setup is untouched", async () => {
    const { hub, counter, counterId } = await officeWithCounter();
    expect(await counter.call('setup.get', {})).toEqual({ officeId: 'stockholm', officerSignature: 'ANLA' });
    expect(await hub.call('setup.get', {})).toEqual({ officeId: 'stockholm', officerSignature: 'HUBB' });
    const atHub = (await hub.call('queue.snapshot', {})).counters.find((c) => c.id === counterId)!;
    expect(atHub.officerSignature).toBe('ANLA');
    // The counter's setup is its own: a device's setup.save never reaches the hub's.
    const sent = await counter.backend.context!.hubLink.forward({
      id: 1,
      channel: 'setup.save',
      input: { officeId: 'stockholm', officerSignature: 'ANLA' },
    });
    expect(sent).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await hub.call('setup.get', {})).toMatchObject({ officerSignature: 'HUBB' });
    // Another officer at the same office is the PC's own business; another office is refused.
    expect(await counter.raw('setup.save', { officeId: 'varberg', officerSignature: 'ANLA' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: [{ path: 'officeId', issue: 'not_the_hubs_office' }] },
    });
    expect(await counter.call('setup.get', {})).toEqual({ officeId: 'stockholm', officerSignature: 'ANLA' });
  });

  it('serving at the hub hands the arrival over: the visit opens on the counter PC, keyed by the ticket; its note never reaches the hub', async () => {
    const { hub, counter, counterId } = await officeWithCounter();
    const issued = await hub.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    const called = await counter.call('tickets.callNext', { counterId });
    expect(called).toMatchObject({ id: issued.id, number: 'A001', officerSignature: 'ANLA' });

    let visit: Visit = await counter.call('tickets.serve', { counterId, ticketId: issued.id });
    expect(visit).toMatchObject({
      ticketId: issued.id,
      ticketNumber: 'A001',
      officerSignature: 'ANLA',
      closedAt: null,
    });
    // The visit is the counter's: none at the hub; the hub's ticket is serving, handed to this PC.
    expect(hub.db.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 0 });
    expect(hub.db.prepare('SELECT state, handed_to_device FROM tickets WHERE id = ?').get(issued.id)).toEqual({
      state: 'serving',
      handed_to_device: counter.deviceId,
    });
    expect(await counter.call('visits.current', {})).toMatchObject({ id: visit.id });

    visit = await counter.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.id_card' });
    const errandId = visit.errands[0]!.id;
    visit = await counter.call('visits.updateErrand', { errandId, note: NOTE, interpreter: true });
    visit = await counter.call('visits.setOutcome', { errandId, outcome: 'done' });
    visit = await counter.call('visits.close', { visitId: visit.id });
    expect(visit.closedAt).not.toBeNull();

    // The ticket's end reaches the hub by itself (the journal), and the visit's event with it.
    await waitFor(
      () => (hub.db.prepare('SELECT state FROM tickets WHERE id = ?').get(issued.id) as { state: string }).state,
      (state) => state === 'done',
    );
    await waitFor(
      () => counter.call('hubLink.status', {}),
      (s) => s.pendingActions === 0 && s.pendingEvents === 0,
    );
    const received = hub.db
      .prepare('SELECT arrival_key, from_device, payload FROM sync_outbox WHERE from_device IS NOT NULL')
      .all() as { arrival_key: string; from_device: string; payload: string }[];
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ arrival_key: `t:${issued.id}`, from_device: counter.deviceId });
    expect(JSON.parse(received[0]!.payload)).toMatchObject({ status: 'served', errands: [{ interpreter: true }] });

    // The note is on the counter PC, and nowhere in the hub's store (database, WAL).
    expect(counter.db.prepare('SELECT note FROM errands').get()).toEqual({ note: NOTE });
    hub.db.pragma('wal_checkpoint(PASSIVE)');
    expect(storeBytes(counter.dataDir)).toContain(NOTE);
    expect(storeBytes(hub.dataDir)).not.toContain(NOTE);
    expect(storeBytes(hub.dataDir)).not.toContain('arbetsgivaren');

    // The supervisor sees the office from the counter PC: the visit the hub never held counts.
    const session = await counter.call('supervisor.unlock', { officeId: 'stockholm', passphrase: HUB_PASSPHRASE });
    const today = visit.localDate;
    const report = await counter.call('stats.report', { token: session.token, from: today, to: today });
    expect(report.total).toMatchObject({ arrived: 1, served: 1, errands: 1, interpreter: 1 });
  });

  it('a correction on the counter PC supersedes its event at the hub: the office counts the visit once, as corrected', async () => {
    const { hub, counter, counterId } = await officeWithCounter();
    const issued = await hub.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    await counter.call('tickets.call', { counterId, ticketId: issued.id });
    let visit = await counter.call('tickets.serve', { counterId, ticketId: issued.id });
    visit = await counter.call('visits.addErrand', { visitId: visit.id, agency: 'FK', errandKind: 'fk.eu_card' });
    visit = await counter.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'done' });
    await counter.call('visits.close', { visitId: visit.id });
    await waitFor(
      () => counter.call('hubLink.status', {}),
      (s) => s.pendingActions === 0 && s.pendingEvents === 0,
    );
    visit = await counter.call('visits.reopen', { visitId: visit.id, reason: 'wrong_outcome' });
    visit = await counter.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'referred' });
    await counter.call('visits.close', { visitId: visit.id });
    await waitFor(
      () => counter.call('hubLink.status', {}),
      (s) => s.pendingEvents === 0,
    );
    const events = (
      hub.db.prepare('SELECT payload FROM sync_outbox WHERE from_device IS NOT NULL ORDER BY seq').all() as {
        payload: string;
      }[]
    ).map((r) => JSON.parse(r.payload) as { id: string; supersedes: string | null });
    expect(events).toHaveLength(2);
    expect(events[1]!.supersedes).toBe(events[0]!.id);
    const session = await counter.call('supervisor.unlock', { officeId: 'stockholm', passphrase: HUB_PASSPHRASE });
    const report = await counter.call('stats.report', {
      token: session.token,
      from: visit.localDate,
      to: visit.localDate,
    });
    expect(report.total).toMatchObject({ arrived: 1, served: 1, errands: 1 });
    expect(report.total.outcomes).toMatchObject({ done: 0, referred: 1 });
  });

  it('a journalled action the hub refuses is kept and shown, and never blocks the queue', async () => {
    const { hub, counter, counterId } = await officeWithCounter();
    // An action for a ticket the hub never handed to this PC (as after a takeover's mix-up).
    counter.db
      .prepare(
        `INSERT INTO hub_pending (request_key, channel, input, created_at)
         VALUES ('6b0f7a52-2a55-4c5e-9d1e-0a4f3c1b2d11', 'tickets.finish', ?, '2026-12-01T09:00:00.000Z')`,
      )
      .run(JSON.stringify({ ticketId: '7c1e8b63-3b66-4d6f-8e2f-1b5a4d2c3e22', counterId }));
    let visit = await counter.call('visits.start', {});
    visit = await counter.call('visits.addErrand', { visitId: visit.id, agency: 'AF', errandKind: 'af.registration' });
    visit = await counter.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'done' });
    await counter.call('visits.close', { visitId: visit.id });
    const status = await waitFor(
      () => counter.call('hubLink.status', {}),
      (s) => s.pendingActions === 0 && s.pendingEvents === 0,
    );
    expect(status.refusedActions).toBe(1);
    expect(
      JSON.parse((counter.db.prepare('SELECT refused FROM hub_pending').get() as { refused: string }).refused),
    ).toMatchObject({ code: 'NOT_FOUND' });
    // The walk-in's event reached the hub all the same, and the queue goes on.
    expect(hub.db.prepare('SELECT arrival_key FROM sync_outbox WHERE from_device IS NOT NULL').get()).toEqual({
      arrival_key: `v:${visit.id}`,
    });
    await hub.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    expect(await counter.call('tickets.callNext', { counterId })).toMatchObject({ number: 'A001' });

    // An event the hub will not take (another office's) is set aside by name; the rest go on.
    const own = counter.db.prepare('SELECT payload FROM sync_outbox').get() as { payload: string };
    const foreign = { ...JSON.parse(own.payload), id: '0193a0c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b', officeId: 'varberg' };
    counter.db
      .prepare(
        `INSERT INTO sync_outbox (event_id, arrival_key, office_id, local_date, payload, created_at)
         VALUES (?, 'v:8d2f9c74-4c77-4e70-9f30-2c6b5e3d4f33', 'varberg', ?, ?, ?)`,
      )
      .run(foreign.id, foreign.localDate, JSON.stringify(foreign), foreign.recordedAt);
    visit = await counter.call('visits.start', {});
    visit = await counter.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.id_card' });
    visit = await counter.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome: 'done' });
    await counter.call('visits.close', { visitId: visit.id });
    await waitFor(
      () => counter.call('hubLink.status', {}),
      (s) => s.pendingEvents === 0,
    );
    expect(counter.db.prepare('SELECT rejected FROM sync_outbox WHERE event_id = ?').get(foreign.id)).toEqual({
      rejected: 'refused_by_hub',
    });
    expect(hub.db.prepare('SELECT count(*) AS n FROM sync_outbox WHERE from_device IS NOT NULL').get()).toEqual({
      n: 2,
    });
  });

  it("a handed ticket's visit left open past midnight gets its 'open' event from the counter PC's end-of-day report, superseding the hub's", async () => {
    const hub = await testHub();
    const clock = testClock(new Date().toISOString());
    const added = await hub.addDevice('counter', 'Lucka 2');
    const counter = testBackend({ hubLink: FAST_LINK, now: clock.now });
    await counter.call('hubLink.pair', { address: hub.address, code: added.code });
    await counter.call('setup.save', { officeId: hub.officeId, officerSignature: 'ANLA' });
    const counterId = (await hub.call('queue.snapshot', {})).counters[0]!.id;
    await counter.call('counters.open', { counterId });
    const issued = await hub.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    await counter.call('tickets.call', { counterId, ticketId: issued.id });
    await counter.call('tickets.noShow', { counterId, ticketId: issued.id });
    const hubNoShow = (hub.db.prepare('SELECT event_id FROM sync_outbox').get() as { event_id: string }).event_id;
    await counter.call('tickets.recall', { counterId, ticketId: issued.id });
    const visit = await counter.call('tickets.serve', { counterId, ticketId: issued.id });
    await counter.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: 'skv.id_card' });

    // The next morning the PC reports the days gone by: the visit is still open.
    clock.set(new Date(Date.now() + 86_400_000).toISOString());
    await counter.backend.context!.sync.sweep();
    const own = counter.db.prepare('SELECT arrival_key, payload FROM sync_outbox').all() as {
      arrival_key: string;
      payload: string;
    }[];
    expect(own).toHaveLength(1);
    expect(own[0]!.arrival_key).toBe(`t:${issued.id}`);
    expect(JSON.parse(own[0]!.payload)).toMatchObject({ status: 'open', supersedes: hubNoShow });
  });

  it('a serve retried after the visit was opened finds the same hand-over and the same visit', async () => {
    const { hub, counter, counterId } = await officeWithCounter();
    const issued = await hub.call('tickets.issue', { queueLetter: 'A', source: 'officer' });
    await counter.call('tickets.call', { counterId, ticketId: issued.id });
    const first = await counter.call('tickets.serve', { counterId, ticketId: issued.id });
    // The hub hands it over again (same PC, same counter); the visit is opened once.
    const handover = await counter.backend.context!.hubLink.forward(
      { id: 1, channel: 'tickets.handOver', input: { counterId, ticketId: issued.id } },
      { officer: 'ANLA' },
    );
    expect(handover).toMatchObject({ ok: true, result: { ticketId: issued.id, counterId } });
    expect(counter.db.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 1 });
    expect(await counter.call('visits.current', {})).toMatchObject({ id: first.id });
    // A device's case log never lands at the hub, even asked for directly.
    for (const [channel, input] of [
      ['tickets.serve', { counterId, ticketId: issued.id }],
      ['visits.start', {}],
    ] as const)
      expect(await counter.backend.context!.hubLink.forward({ id: 2, channel, input })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    expect(hub.db.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 0 });
    // A window on the hub itself is no counter device: it cannot take a hand-over.
    expect(await hub.raw('tickets.handOver', { counterId, ticketId: issued.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
