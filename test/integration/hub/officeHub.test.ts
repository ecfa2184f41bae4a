import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { DisplaySnapshot, Ticket } from '../../../shared/api';
import { pairedDevice, testHub } from '../../support/hub';

/**
 * One office on one machine: a hub and its devices, each its own data dir and store,
 * over real HTTPS on 127.0.0.1 with the hub's pinned self-signed certificate.
 */
describe('office hub: the handler table for paired devices', { timeout: 30_000 }, () => {
  it('two counters calling next at once never get the same ticket, and a kiosk issues what they call', async () => {
    const hub = await testHub();
    const [counterA, counterB, kiosk] = [
      await pairedDevice(hub, 'counter', 'Lucka 1'),
      await pairedDevice(hub, 'counter', 'Lucka 2'),
      await pairedDevice(hub, 'kiosk', 'Kiosk'),
    ];
    // Each counter sees the hub's queue, not one of its own.
    const snapshot = await counterA.call('queue.snapshot', {});
    const [c1, c2] = snapshot.counters;
    await counterA.call('counters.open', { counterId: c1!.id, officerSignature: 'ANLA' });
    await counterB.call('counters.open', { counterId: c2!.id, officerSignature: 'BOBE' });
    const issued: Ticket[] = [];
    for (let i = 0; i < 30; i++) issued.push(await kiosk.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' }));
    expect(new Set(issued.map((t) => t.number)).size).toBe(30);

    const called: Ticket[] = [];
    async function work(device: typeof counterA, counterId: string) {
      for (;;) {
        const ticket = await device.call('tickets.callNext', { counterId });
        if (!ticket) return;
        called.push(ticket);
        await device.call('tickets.noShow', { counterId, ticketId: ticket.id });
      }
    }
    await Promise.all([work(counterA, c1!.id), work(counterB, c2!.id)]);

    expect(called).toHaveLength(30);
    expect(new Set(called.map((t) => t.id)).size).toBe(30);
    expect(new Set(called.map((t) => t.counterId))).toEqual(new Set([c1!.id, c2!.id]));
    // The hub's store holds the truth: each ticket called exactly once, none in the counters' own stores.
    const calls = hub.db
      .prepare("SELECT ticket_id, count(*) AS n FROM ticket_events WHERE action = 'call' GROUP BY ticket_id")
      .all() as { n: number }[];
    expect(calls).toHaveLength(30);
    expect(calls.every((c) => c.n === 1)).toBe(true);
    expect(counterA.db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 0 });
  });

  it("a kiosk or display device reaches only its role's channels on the hub, and never a device's link", async () => {
    const hub = await testHub();
    const kiosk = await pairedDevice(hub, 'kiosk');
    const display = await pairedDevice(hub, 'display');
    for (const channel of ['visits.today', 'visits.current', 'queue.snapshot', 'stats.offices', 'hub.status']) {
      expect(await kiosk.raw(channel, {}), channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await display.raw(channel, {}), channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // A kiosk issues kiosk tickets only; the display cannot issue at all.
    expect(await kiosk.raw('tickets.issue', { queueLetter: 'A', source: 'officer' })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(await display.raw('tickets.issue', { queueLetter: 'A', source: 'kiosk' })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    const ticket = await kiosk.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    expect((await display.call('queue.display', {})).queues.find((q) => q.letter === 'A')?.waiting).toBe(1);
    expect(ticket.number).toMatch(/^A/);
    // Input is validated at the hub as at home: a bad letter is a typed VALIDATION, nothing stored.
    expect(await kiosk.raw('tickets.issue', { queueLetter: 'AA', source: 'kiosk' })).toMatchObject({
      error: { code: 'VALIDATION', details: [{ path: 'queueLetter' }] },
    });
    expect(hub.db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 1 });
  });

  it('the device list shows each device with its role; a revoked device is refused with a typed error', async () => {
    const hub = await testHub();
    const counter = await pairedDevice(hub, 'counter', 'Lucka 7');
    const display = await pairedDevice(hub, 'display', 'Väntrum');
    await counter.call('queue.snapshot', {});
    const devices = await hub.call('hub.devices', { token: await hub.supervisor() });
    expect(devices.map((d) => [d.name, d.role, d.pairedAt !== null, d.revokedAt])).toEqual([
      ['Lucka 7', 'counter', true, null],
      ['Väntrum', 'display', true, null],
    ]);
    // Without a supervisor session the list is closed.
    expect(await hub.raw('hub.devices', { token: 'x'.repeat(43) })).toMatchObject({
      error: { code: 'SUPERVISOR_REQUIRED' },
    });
    // The hub keeps only the token's hash; the device keeps the token in its secret store.
    const token = readFileSync(join(counter.dataDir, 'secrets', 'hub-token'), 'utf8');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(hub.db.prepare('SELECT * FROM hub_devices').all())).not.toContain(token);

    await hub.call('hub.revoke', { token: await hub.supervisor(), deviceId: counter.deviceId });
    expect(await counter.raw('queue.snapshot', {})).toMatchObject({
      ok: false,
      error: { code: 'HUB_DEVICE_REVOKED', details: [{ issue: 'revoked' }] },
    });
    expect((await counter.call('hubLink.status', {})).state).toBe('revoked');
    // Refused at once afterwards, without asking the hub; the other device goes on.
    expect(await counter.raw('tickets.issue', { queueLetter: 'A', source: 'officer' })).toMatchObject({
      error: { code: 'HUB_DEVICE_REVOKED' },
    });
    expect((await display.call('queue.display', {})).queues.length).toBeGreaterThan(0);
    // Unpaired, the device is its own office again, with its own (empty) store.
    expect((await counter.call('hubLink.unpair', {})).state).toBe('standalone');
    expect(await counter.call('setup.get', {})).toBeNull();
  });

  it("pushes the hub's changes to every device: a call at one counter reaches the display, and a revoked device's stream ends", async () => {
    const hub = await testHub();
    const counter = await pairedDevice(hub, 'counter');
    const display = await pairedDevice(hub, 'display');
    const heard: string[][] = [];
    display.backend.host.subscribe((event) => {
      if (event.type === 'changed') heard.push(event.topics);
    });
    // The display's stream is open once the hub has it (its first notice tells every window to refetch).
    await vi.waitFor(() => expect(heard.some((topics) => topics.includes('queue'))).toBe(true));
    heard.length = 0;
    const counterId = (await counter.call('queue.snapshot', {})).counters[0]!.id;
    await counter.call('counters.open', { counterId, officerSignature: 'ANLA' });
    await counter.call('tickets.issue', { queueLetter: 'A', source: 'officer' });
    // As the display's window does: on each 'queue' notice it refetches. Notices within 20 ms
    // are merged into one (hub/changeCoalescer.ts), so what counts is that one came after the call.
    const shownOnNotice: string[] = [];
    display.backend.host.subscribe((event) => {
      if (event.type !== 'changed' || !event.topics.includes('queue')) return;
      void display.raw('queue.display', {}).then((reply) => {
        if (reply.ok) shownOnNotice.push((reply.result as DisplaySnapshot).recentCalls[0]?.number ?? '');
      });
    });
    const ticket = (await counter.call('tickets.callNext', { counterId }))!;
    await vi.waitFor(() => expect(shownOnNotice).toContain(ticket.number));
    expect(heard.filter((topics) => topics.includes('queue')).length).toBeGreaterThanOrEqual(1);

    await hub.call('hub.revoke', { token: await hub.supervisor(), deviceId: display.deviceId });
    await vi.waitFor(async () => expect((await display.call('hubLink.status', {})).state).toBe('revoked'));
  });

  it(
    'five counters calling next at once through the hub: a hundred tickets, each called exactly once',
    { timeout: 120_000 },
    async () => {
      const hub = await testHub();
      // One after another: booting a device checks every shipped guide synchronously (half a
      // second on a busy machine), which would stall the pairings already in flight in this
      // one process past their time limit.
      const counters: Awaited<ReturnType<typeof pairedDevice>>[] = [];
      for (const n of ['A', 'B', 'C', 'D', 'E']) counters.push(await pairedDevice(hub, 'counter', `Lucka ${n}`));
      // The office's three counters and two more (no channel adds counters yet: the office's set-up would).
      const insert = hub.db.prepare("INSERT INTO counters (id, office_id, name) VALUES (?, 'stockholm', ?)");
      insert.run(randomUUID(), 'Lucka 4');
      insert.run(randomUUID(), 'Lucka 5');
      const counterIds = (await hub.call('queue.snapshot', {})).counters.map((c) => c.id);
      expect(counterIds).toHaveLength(5);
      const signatures = ['ANLA', 'BOBE', 'CECI', 'DADA', 'EVEV'];
      for (const [i, device] of counters.entries()) {
        await device.call('counters.open', { counterId: counterIds[i]!, officerSignature: signatures[i] });
      }
      for (let i = 0; i < 100; i++) await hub.call('tickets.issue', { queueLetter: 'A', source: 'officer' });

      const called: Ticket[] = [];
      await Promise.all(
        counters.map(async (device, i) => {
          const counterId = counterIds[i]!;
          for (;;) {
            const ticket = await device.call('tickets.callNext', { counterId });
            if (!ticket) return;
            called.push(ticket);
            await device.call('tickets.noShow', { counterId, ticketId: ticket.id });
          }
        }),
      );
      expect(called).toHaveLength(100);
      expect(new Set(called.map((t) => t.id)).size).toBe(100);
      expect(new Set(called.map((t) => t.number)).size).toBe(100);
      const calls = hub.db
        .prepare("SELECT count(*) AS n, count(DISTINCT ticket_id) AS tickets FROM ticket_events WHERE action = 'call'")
        .get();
      expect(calls).toEqual({ n: 100, tickets: 100 });
    },
  );
});
