import { randomUUID } from 'node:crypto';
import { ticketNumber } from '../../shared/queue';
import { stockholmDate } from '../../shared/time';
import type { Benchmark } from './harness';
import { BENCH_OFFICE, sharedBenchBackend } from './seed';

const ROUNDS = 10;
const OPS = 100;
const WAITING = 500;

/** The shared store, set up for the office, with `WAITING` tickets waiting plus enough to call. */
async function prepared() {
  const backend = sharedBenchBackend();
  const host = backend.host;
  await host.handle({ id: 0, channel: 'setup.save', input: { officeId: BENCH_OFFICE, officerSignature: 'ANLA' } });
  return { backend, host, ctx: backend.context!, db: backend.context!.store.db };
}

let requestId = 1;
async function ok(host: { handle(raw: unknown): Promise<{ ok: boolean }> }, channel: string, input: unknown) {
  const reply = await host.handle({ id: requestId++, channel, input });
  if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply)}`);
  return reply;
}

export const issueTicketBenchmark: Benchmark = {
  name: 'issue-ticket',
  description: `issue a ticket through the host vs raw SQL (next number, insert, event), ${WAITING} waiting`,
  target: '≤ 1.5×',
  async setup() {
    const { host, db } = await prepared();
    const localDate = () => stockholmDate(new Date());
    const nextSeq = db.prepare(
      'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM tickets WHERE office_id = ? AND local_date = ? AND issued_letter = ?',
    );
    const insert = db.prepare(
      `INSERT INTO tickets (id, office_id, local_date, issued_letter, seq, number, queue_letter, state, source, issued_at)
       VALUES (?, ?, ?, 'B', ?, ?, 'B', 'waiting', 'kiosk', ?)`,
    );
    const event = db.prepare(
      "INSERT INTO ticket_events (ticket_id, action, to_state, queue_letter, at) VALUES (?, 'issue', 'waiting', 'B', ?)",
    );
    const rawIssue = db.transaction(() => {
      const day = localDate();
      const seq = (nextSeq.get(BENCH_OFFICE, day, 'B') as { seq: number }).seq;
      const id = randomUUID();
      const at = new Date().toISOString();
      insert.run(id, BENCH_OFFICE, day, seq, ticketNumber('B', seq), at);
      event.run(id, at);
    });
    return {
      rounds: ROUNDS,
      opsPerRound: OPS,
      subject: () => ok(host, 'tickets.issue', { queueLetter: 'A', source: 'kiosk' }).then(() => undefined),
      baseline: () => rawIssue.immediate(),
    };
  },
};

export const callNextBenchmark: Benchmark = {
  name: 'call-next',
  description: `call next through the host (documented order, guards, event) vs raw SQL (oldest waiting), ${WAITING}+ waiting`,
  target: '≤ 1.5×',
  async setup() {
    const { host, ctx, db } = await prepared();
    const total = ROUNDS * OPS;
    // Enough waiting that the queue never drops below WAITING during the run.
    for (let i = 0; i < WAITING + 2 * total; i++)
      await ok(host, 'tickets.issue', { queueLetter: i % 2 ? 'A' : 'B', source: 'kiosk' });
    // One counter per call, each with its own officer: a counter holds one ticket at a time.
    const counters: string[] = [];
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < 2 * total; i++) {
        const id = randomUUID();
        ctx.queue.addCounter(BENCH_OFFICE, id, `Bench ${i}`);
        ctx.queue.openCounter(id, `O${i}`, now);
        counters.push(id);
      }
    })();
    const oldest = db.prepare(
      "SELECT id FROM tickets WHERE office_id = ? AND local_date = ? AND state = 'waiting' ORDER BY issued_at, id LIMIT 1",
    );
    const call = db.prepare(
      `UPDATE tickets SET state = 'called', counter_id = ?, officer_signature = ?, first_called_at = COALESCE(first_called_at, ?),
         last_called_at = ?, call_count = call_count + 1 WHERE id = ? AND state = 'waiting'`,
    );
    const event = db.prepare(
      "INSERT INTO ticket_events (ticket_id, action, from_state, to_state, queue_letter, counter_id, at) VALUES (?, 'call', 'waiting', 'called', 'A', ?, ?)",
    );
    const rawCallNext = db.transaction((counterId: string, officer: string) => {
      const at = new Date().toISOString();
      const next = oldest.get(BENCH_OFFICE, stockholmDate(new Date())) as { id: string } | undefined;
      if (!next) throw new Error('queue empty');
      call.run(counterId, officer, at, at, next.id);
      event.run(next.id, counterId, at);
    });
    return {
      rounds: ROUNDS,
      opsPerRound: OPS,
      subject: (i) => ok(host, 'tickets.callNext', { counterId: counters[i]! }).then(() => undefined),
      baseline: (i) => rawCallNext.immediate(counters[total + i]!, `O${total + i}`),
    };
  },
};

export const todayLogBenchmark: Benchmark = {
  name: 'today-log',
  description: "today's log through the host (visits with errands, ticket and counter names) vs the raw SELECTs",
  target: '≤ 1.5×',
  async setup() {
    const { host, db } = await prepared();
    // The same information the log shows: each visit with its ticket number and counter name.
    const visits = db.prepare(
      `SELECT v.*, t.number AS ticket_number, c.name AS counter_name FROM visits v
       LEFT JOIN tickets t ON t.id = v.ticket_id LEFT JOIN counters c ON c.id = v.counter_id
       WHERE v.office_id = ? AND v.local_date = ? ORDER BY v.started_at DESC, v.id`,
    );
    const errands = db.prepare(
      `SELECT e.* FROM errands e JOIN visits v ON v.id = e.visit_id
       WHERE v.office_id = ? AND v.local_date = ? ORDER BY e.visit_id, e.position`,
    );
    const rows = visits.all(BENCH_OFFICE, stockholmDate(new Date())).length;
    console.log(`  (${rows} visits today)`);
    return {
      rounds: ROUNDS,
      opsPerRound: 20,
      subject: () => ok(host, 'visits.today', {}).then(() => undefined),
      baseline: () => {
        const day = stockholmDate(new Date());
        visits.all(BENCH_OFFICE, day);
        errands.all(BENCH_OFFICE, day);
      },
    };
  },
};
