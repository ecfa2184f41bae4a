import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../../../shared/api';
import type { WindowRole } from '../../../shared/roles';
import {
  bundleOfficeEntries,
  prepareHub,
  startDeviceProcess,
  startHubProcess,
  type DeviceProcess,
  type OfficeBundles,
} from '../../support/officeProcesses';
import { startFaultLink } from '../../support/tcpFaultLink';
import { tempDir } from '../../support/temp';

/**
 * An office as it runs: one hub process (`npm run hub`'s entry) and its devices as
 * processes of their own (`npm run device`'s entry: five counters, a kiosk, a display),
 * each with its own data dir and store, on 127.0.0.1 over HTTPS with the hub's pinned
 * certificate. The hub's store is read afterwards for the truth.
 */

const OFFICE: { role: WindowRole; name: string }[] = [
  ...['1', '2', '3', '4', '5'].map((n) => ({ role: 'counter' as const, name: `Lucka ${n}` })),
  { role: 'kiosk', name: 'Kiosk' },
  { role: 'display', name: 'Väntrum' },
];
const SIGNATURES = ['ANLA', 'BOBE', 'CECI', 'DADA', 'EVEV'];

let bundles: OfficeBundles;
beforeAll(async () => {
  bundles = await bundleOfficeEntries();
}, 60_000);

const links: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const l of links.splice(0)) await l.close();
});

/** The hub's own record of the day, read from its store while it runs (WAL: a reader never blocks it). */
function hubTruth(hubDir: string) {
  const db = new Database(join(hubDir, 'lucka.sqlite'), { readonly: true });
  try {
    const tickets = db.prepare('SELECT id, number, state FROM tickets').all() as {
      id: string;
      number: string;
      state: string;
    }[];
    const calls = db
      .prepare("SELECT ticket_id AS ticketId, counter_id AS counterId FROM ticket_events WHERE action = 'call'")
      .all() as { ticketId: string; counterId: string }[];
    return { tickets, calls };
  } finally {
    db.close();
  }
}

/** A request that keeps trying while the hub is unreachable (the officer pressing again). */
async function persist<T>(attempt: () => Promise<T>, tries = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (i >= tries || !String(err).includes('HUB_UNREACHABLE')) throw err;
    }
  }
}

/**
 * One counter's work until the queue is empty: call next, then no-show. When a call
 * ends unanswered (every retry lost), the counter looks at the queue to learn whether
 * the hub did call a ticket to it, as an officer would after "Navet svarar inte".
 */
async function workCounter(device: DeviceProcess, counterId: string) {
  const answered: Ticket[] = [];
  const learned: Ticket[] = [];
  for (;;) {
    const reply = await device.raw('tickets.callNext', { counterId });
    let ticket: Ticket | null;
    if (reply.ok) {
      ticket = reply.result as Ticket | null;
      if (ticket) answered.push(ticket);
    } else {
      expect(reply.error.code).toBe('HUB_UNREACHABLE');
      const snapshot = await persist(() => device.call('queue.snapshot', {}));
      ticket =
        (snapshot.active.find((t) => t.counterId === counterId && t.state === 'called') as Ticket | undefined) ?? null;
      if (!ticket) continue;
      learned.push(ticket);
    }
    if (!ticket) return { answered, learned };
    const noShow = await device.raw('tickets.noShow', { counterId, ticketId: ticket.id });
    if (!noShow.ok) {
      expect(noShow.error.code).toBe('HUB_UNREACHABLE');
      const snapshot = await persist(() => device.call('queue.snapshot', {}));
      if (snapshot.active.some((t) => t.id === ticket.id && t.state === 'called'))
        await persist(() => device.call('tickets.noShow', { counterId, ticketId: ticket.id }));
    }
  }
}

async function startOffice(options: { viaLink?: (i: number, hubPort: number) => Promise<string> } = {}) {
  const hubDir = tempDir();
  const { codes, counterIds } = await prepareHub(hubDir, { counters: 5, devices: OFFICE });
  const hub = await startHubProcess(bundles, hubDir);
  const devices = await Promise.all(
    OFFICE.map(async (_, i) =>
      startDeviceProcess(bundles, {
        dataDir: tempDir(),
        pair: options.viaLink ? await options.viaLink(i, hub.port) : hub.address,
        code: codes[i]!,
        events: OFFICE[i]!.role === 'display',
        requestTimeoutMs: 800,
        retryDelaysMs: [50, 100, 200],
      }),
    ),
  );
  const counters = devices.slice(0, 5);
  const [kiosk, display] = [devices[5]!, devices[6]!];
  for (const [i, device] of counters.entries()) {
    await persist(() => device.call('counters.open', { counterId: counterIds[i]!, officerSignature: SIGNATURES[i] }));
  }
  return { hubDir, hub, counters, kiosk, display, counterIds };
}

describe('an office as separate processes', { timeout: 240_000 }, () => {
  it('five counter processes calling next at once, hundreds of times: no ticket called twice, no number repeated; the display is told and shows the last call', async () => {
    const office = await startOffice();
    expect(office.counters.map((c) => c.link)).toEqual(
      Array.from({ length: 5 }, () => expect.objectContaining({ state: 'connected', role: 'counter' })),
    );
    const issue = (n: number) =>
      (async () => {
        for (let i = 0; i < n; i++) await office.kiosk.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
      })();
    await issue(200);
    // The kiosk keeps issuing while the five call next at once.
    const [, ...worked] = await Promise.all([
      issue(100),
      ...office.counters.map((device, i) => workCounter(device, office.counterIds[i]!)),
    ]);
    // Tickets the kiosk issued after a counter found the queue empty are called now.
    worked.push(...(await Promise.all(office.counters.map((d, i) => workCounter(d, office.counterIds[i]!)))));

    const answered = worked.flatMap((w) => w.answered);
    expect(worked.flatMap((w) => w.learned)).toEqual([]); // a clean network: every call answered
    expect(answered).toHaveLength(300);
    expect(new Set(answered.map((t) => t.id)).size).toBe(300);
    expect(new Set(answered.map((t) => t.number)).size).toBe(300);
    const truth = hubTruth(office.hubDir);
    expect(truth.tickets).toHaveLength(300);
    expect(new Set(truth.tickets.map((t) => t.number)).size).toBe(300);
    expect(truth.tickets.every((t) => t.state === 'no_show')).toBe(true);
    expect(truth.calls).toHaveLength(300);
    expect(new Set(truth.calls.map((c) => c.ticketId)).size).toBe(300);
    // Every counter took part; none of their own stores holds a ticket.
    expect(new Set(truth.calls.map((c) => c.counterId)).size).toBe(5);

    // The display, a process of its own, was told of the calls and shows the last one.
    await vi.waitFor(() =>
      expect(
        office.display.events.filter((e) => e.type === 'changed' && e.topics.includes('queue')).length,
      ).toBeGreaterThan(10),
    );
    const shown = await office.display.call('queue.display', {});
    expect(answered.map((t) => t.number)).toContain(shown.recentCalls[0]!.number);
    expect(shown.queues.find((q) => q.letter === 'A')?.waiting).toBe(0);
    expect(await office.display.raw('queue.snapshot', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('every link through a fault proxy (reset, black hole, delay, half-open, reset or cut mid-body after commit): retries act once, no ticket called twice', async () => {
    const proxies: Awaited<ReturnType<typeof startFaultLink>>[] = [];
    const office = await startOffice({
      async viaLink(i, hubPort) {
        const link = await startFaultLink({
          targetPort: hubPort,
          seed: 1300 + i,
          turnRates: {
            reset: 0.02,
            black_hole: 0.01,
            delay: 0.03,
            half_open: 0.02,
            reset_reply: 0.03,
            cut_mid_body: 0.03,
          },
          connectRates: { refuse: 0.03, black_hole_connect: 0.02 },
          delayMs: 200,
        });
        // Pairing itself is not under test here: faults start once the device is paired.
        link.faults(false);
        links.push(link);
        proxies.push(link);
        return link.address;
      },
    });
    for (const p of proxies) p.faults(true);

    for (let i = 0; i < 150; i++) {
      await persist(() => office.kiosk.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' })).catch(() => {});
    }
    const worked = await Promise.all(office.counters.map((device, i) => workCounter(device, office.counterIds[i]!)));
    for (const p of proxies) p.faults(false);

    const total = (kind: keyof (typeof proxies)[number]['counts']) => proxies.reduce((n, p) => n + p.counts[kind], 0);
    // The faults really happened, the ones after the hub committed among them.
    for (const kind of ['reset', 'delay', 'half_open', 'reset_reply', 'cut_mid_body', 'refuse'] as const) {
      expect(total(kind), kind).toBeGreaterThan(0);
    }

    const truth = hubTruth(office.hubDir);
    // A retried issue acts once too: whatever the kiosk was told, the numbers are unique.
    expect(truth.tickets.length).toBeGreaterThanOrEqual(140);
    expect(new Set(truth.tickets.map((t) => t.number)).size).toBe(truth.tickets.length);
    // Each ticket was called exactly once, to the counter that was answered (or learned it).
    expect(truth.calls).toHaveLength(truth.tickets.length);
    expect(new Set(truth.calls.map((c) => c.ticketId)).size).toBe(truth.tickets.length);
    const received = worked.flatMap((w, i) =>
      [...w.answered, ...w.learned].map((t) => ({ ticketId: t.id, counterId: office.counterIds[i] })),
    );
    expect(received).toHaveLength(truth.calls.length);
    expect(new Set(received.map((r) => r.ticketId)).size).toBe(received.length);
    const byTicket = new Map(truth.calls.map((c) => [c.ticketId, c.counterId]));
    for (const r of received) expect(byTicket.get(r.ticketId)).toBe(r.counterId);
    expect(truth.tickets.every((t) => t.state === 'no_show')).toBe(true);
    // The display follows over its own faulty link, by itself.
    await vi.waitFor(
      async () =>
        expect((await office.display.call('queue.display', {})).queues.find((q) => q.letter === 'A')?.waiting).toBe(0),
      { timeout: 10_000 },
    );
  });
});
