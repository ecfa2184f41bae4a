import { performance } from 'node:perf_hooks';
import type { Backend } from '../../electron/backend/boot';
import type { DisplaySnapshot, Ticket } from '../../shared/api';
import { mulberry32 } from '../support/prng';
import { call, percentile, startBenchHub } from './hubOffice';

/**
 * `hub-office-load` (issue 13: "15 counters working at once through one hub: call-next p99
 * ≤ 3× one counter alone") and `hub-push` ("a call reaches the display p99 ≤ 100 ms on
 * loopback"). The hub runs in its own process (hubOffice.ts); the devices are
 * installations of their own (own data dir and store) in this process, each with its own
 * pinned HTTPS connection and event stream, as counters on their own PCs would have.
 *
 * "Working" is an officer's rhythm compressed a thousandfold: each counter calls next,
 * marks a no-show, and pauses 20–80 ms (seeded) before the next call, so the hub is
 * offered hundreds of requests a second (printed), where a real office of fifteen
 * makes well under one. The baseline is one counter alone with the same rhythm, in the
 * same run. The burst figure (all fifteen pressing "call next" at the same instant) is
 * printed too, as information: one writer serialises them by design.
 */

const COUNTERS = 15;
const CYCLES = Number(process.env.BENCH_HUB_CYCLES ?? 100);
const BURSTS = 20;
const PUSHES = Number(process.env.BENCH_HUB_PUSHES ?? 200);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (sorted: number[], p: number) => percentile(sorted, p).toFixed(2);

/** One counter's working loop: `cycles` × (call next, no-show, pause); the call-next latencies. */
async function work(device: Backend, counterId: string, cycles: number, seed: number): Promise<number[]> {
  const pause = mulberry32(seed);
  const times: number[] = [];
  for (let i = 0; i < cycles; i++) {
    const start = performance.now();
    const ticket = (await call(device, 'tickets.callNext', { counterId })) as Ticket | null;
    times.push(performance.now() - start);
    if (!ticket) throw new Error('the queue ran dry: issue more tickets');
    await call(device, 'tickets.noShow', { counterId, ticketId: ticket.id });
    await sleep(20 + pause() * 60);
  }
  return times;
}

export async function runHubOfficeLoadBenchmark(): Promise<void> {
  console.log(`▶ hub-office-load: ${COUNTERS} counters at once through one hub vs one counter alone`);
  const hub = await startBenchHub();
  const counterIds = await hub.office(COUNTERS);
  await hub.issue(CYCLES * (COUNTERS + 1) + BURSTS * COUNTERS + 20);
  const devices: Backend[] = [];
  for (let i = 0; i < COUNTERS; i++) devices.push(await hub.pairedDevice('counter', `Lucka ${i + 1}`));
  // Warm every connection and code path once.
  await Promise.all(devices.map((d, i) => work(d, counterIds[i]!, 1, i)));

  const alone = (await work(devices[0]!, counterIds[0]!, CYCLES, 1)).sort((a, b) => a - b);
  const started = performance.now();
  const together = (await Promise.all(devices.map((d, i) => work(d, counterIds[i]!, CYCLES, 100 + i))))
    .flat()
    .sort((a, b) => a - b);
  const perSecond = (COUNTERS * CYCLES * 2) / ((performance.now() - started) / 1000);

  const burst: number[] = [];
  for (let round = 0; round < BURSTS; round++) {
    const times = await Promise.all(
      devices.map(async (d, i) => {
        const start = performance.now();
        const ticket = (await call(d, 'tickets.callNext', { counterId: counterIds[i] })) as Ticket;
        const took = performance.now() - start;
        await call(d, 'tickets.noShow', { counterId: counterIds[i], ticketId: ticket.id });
        return took;
      }),
    );
    burst.push(...times);
  }
  burst.sort((a, b) => a - b);
  await hub.close();

  console.log(`  offered load: ${perSecond.toFixed(0)} requests/s to the hub from ${COUNTERS} counters`);
  for (const [name, p] of [
    ['p50', 0.5],
    ['p99', 0.99],
  ] as const) {
    const s = percentile(together, p);
    const b = percentile(alone, p);
    console.log(
      `  hub-office-load call-next ${name}: ${s.toFixed(2)} ms vs one counter alone ${b.toFixed(2)} ms → ` +
        `ratio ${(s / b).toFixed(2)}×${name === 'p99' ? ' (target ≤ 3×)' : ''}`,
    );
  }
  console.log(
    `  (information) all ${COUNTERS} pressing at the same instant: p50 ${fmt(burst, 0.5)} ms, p99 ${fmt(burst, 0.99)} ms`,
  );
}

export async function runHubPushBenchmark(): Promise<void> {
  console.log(`▶ hub-push: ${PUSHES} calls at a counter until the waiting-room display shows the number`);
  const hub = await startBenchHub();
  const [counterId] = await hub.office(1);
  await hub.issue(PUSHES + 10);
  const counter = await hub.pairedDevice('counter', 'Lucka 1');
  const display = await hub.pairedDevice('display', 'Väntrum');

  // The display as its window works: on a 'queue' notice it refetches what it shows. The
  // round is armed before the call (the notice may overtake the reply); the number it
  // waits for is known when the reply comes.
  let round: { number: Promise<string>; seen(): void; done: boolean } | null = null;
  display.host.subscribe((event) => {
    const mine = round;
    if (event.type !== 'changed' || !event.topics.includes('queue') || !mine) return;
    void Promise.all([call(display, 'queue.display', {}), mine.number]).then(([snapshot, number]) => {
      if ((snapshot as DisplaySnapshot).recentCalls[0]?.number !== number || mine.done) return;
      mine.done = true;
      mine.seen();
    });
  });
  // Let the display's event stream open (its first notice makes it refetch everything).
  await sleep(500);

  const latencies: number[] = [];
  for (let i = 0; i < PUSHES + 10; i++) {
    let seen!: () => void;
    const shown = new Promise<void>((r) => (seen = r));
    let known!: (n: string) => void;
    round = { number: new Promise<string>((r) => (known = r)), seen: () => seen(), done: false };
    const start = performance.now();
    const ticket = (await call(counter, 'tickets.callNext', { counterId })) as Ticket;
    known(ticket.number);
    await shown;
    if (i >= 10) latencies.push(performance.now() - start);
    round = null;
    await call(counter, 'tickets.noShow', { counterId, ticketId: ticket.id });
    await sleep(5);
  }
  await hub.close();
  latencies.sort((a, b) => a - b);
  console.log(
    `  hub-push: call at a counter → shown on the display: p50 ${fmt(latencies, 0.5)} ms, p99 ${fmt(latencies, 0.99)} ms (target p99 ≤ 100 ms)`,
  );
}
