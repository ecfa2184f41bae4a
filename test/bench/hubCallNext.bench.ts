import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Ticket } from '../../shared/api';
import { bootBench, call, percentile, setUpOffice, startBenchHub, startBenchInstallation, tempDir } from './hubOffice';

/**
 * `hub-call-next` (issue 13: "call next from a counter through the hub on loopback vs the
 * same call on a standalone installation: ≤ 2×, p50 and p99").
 *
 * One op is tickets.callNext then tickets.noShow. The hub runs in its own process
 * (another PC in an office). Measured two ways, each warmed up and then interleaved one
 * op each in turn, so a shared machine's load falls on subject and baseline alike:
 *
 * - **as the window sees it** (the target): both installations as the product runs them,
 *   the backend in a process of its own reached by the window over IPC (the
 *   utilityProcess and its MessagePort in Electron); the paired one sends the request on
 *   over pinned HTTPS (a kept-alive connection) with an idempotency key, and the hub
 *   remembers the reply in the handler's own transaction.
 * - **backend only** (information): the same two calls on a standalone host called
 *   directly in this process, against a paired device's host in this process: no IPC in
 *   the baseline, so the whole transport counts against the hub.
 */

const N = Number(process.env.BENCH_HUB_CALLS ?? 500);
const WARM_UP = 50;

type Request = (channel: string, input: unknown) => Promise<unknown>;

async function op(request: Request, counterId: string): Promise<number> {
  const start = performance.now();
  const ticket = (await request('tickets.callNext', { counterId })) as Ticket;
  await request('tickets.noShow', { counterId, ticketId: ticket.id });
  return performance.now() - start;
}

/** Interleaved ops on both; the sorted times after the warm-up. */
async function interleaved(
  baseline: [Request, string],
  subject: [Request, string],
  warmedUp: () => Promise<unknown> = async () => {},
): Promise<{ baseline: number[]; subject: number[] }> {
  const b: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < N + WARM_UP; i++) {
    if (i === WARM_UP) await warmedUp();
    // Alternate which goes first, so neither always follows the other's garbage.
    let tb: number, ts: number;
    if (i % 2 === 0) {
      tb = await op(...baseline);
      ts = await op(...subject);
    } else {
      ts = await op(...subject);
      tb = await op(...baseline);
    }
    if (i < WARM_UP) continue;
    b.push(tb);
    s.push(ts);
  }
  return { baseline: b.sort((x, y) => x - y), subject: s.sort((x, y) => x - y) };
}

function report(label: string, times: { baseline: number[]; subject: number[] }, target: string): void {
  for (const [name, p] of [
    ['p50', 0.5],
    ['p99', 0.99],
  ] as const) {
    const s = percentile(times.subject, p);
    const b = percentile(times.baseline, p);
    console.log(
      `  hub-call-next ${label} ${name}: ${s.toFixed(2)} ms vs standalone ${b.toFixed(2)} ms → ratio ${(s / b).toFixed(2)}×${target}`,
    );
  }
}

export async function runHubCallNextBenchmark(): Promise<void> {
  console.log(`▶ hub-call-next: ${N} × (call next + no-show) through a paired hub vs a standalone installation`);
  const hub = await startBenchHub();
  const [hubCounter] = await hub.office(1);
  await hub.issue(2 * (N + WARM_UP) + 2 * Math.min(N, 200));

  // As the window sees it: both backends in processes of their own.
  const standalone = await startBenchInstallation();
  const [standaloneCounter] = await standalone.office(1);
  await standalone.issue(N + WARM_UP);
  const paired = await startBenchInstallation();
  await paired.pair(hub.address, await hub.addDevice('counter', 'Lucka 1'));
  const cpu = () => Promise.all([standalone.cpu(), paired.cpu(), hub.cpu()]);
  let cpuBefore: number[] = [];
  const windowView = await interleaved(
    [standalone.request, standaloneCounter!],
    [paired.request, hubCounter!],
    async () => (cpuBefore = await cpu()),
  );
  const cpuPerOp = (await cpu()).map((after, i) => (after - cpuBefore[i]!) / N);
  await standalone.close();
  await paired.close();

  // Backend only: both hosts called directly in this process.
  const dir = tempDir();
  const direct = bootBench(dir);
  const [directCounter] = await setUpOffice(direct, 1);
  for (let i = 0; i < N + WARM_UP; i++) await call(direct, 'tickets.issue', { queueLetter: 'A', source: 'kiosk' });
  const device = await hub.pairedDevice('counter', 'Lucka 2');
  const backendOnly = await interleaved(
    [(c, i) => call(direct, c, i), directCounter!],
    [(c, i) => call(device, c, i), hubCounter!],
  );
  // A call on a new TLS connection, as every call after a minute's quiet paid while the hub
  // closed idle connections after 72 s (Fastify's default; now ten minutes, hub/wire.ts).
  const link = device.context!.hubLink as unknown as { agent: { destroy(): void } | null };
  const fresh: number[] = [];
  const kept: number[] = [];
  for (let i = 0; i < Math.min(N, 200); i++) {
    kept.push(await op((c, input) => call(device, c, input), hubCounter!));
    link.agent?.destroy();
    fresh.push(await op((c, input) => call(device, c, input), hubCounter!));
  }
  fresh.sort((a, b) => a - b);
  kept.sort((a, b) => a - b);
  direct.close();
  rmSync(dir, { recursive: true, force: true });
  await hub.close();

  report('as the window sees it', windowView, ' (target ≤ 2×)');
  report('backend only', backendOnly, ' (information)');
  console.log(
    `  hub-call-next on a new TLS connection p50: ${percentile(fresh, 0.5).toFixed(2)} ms vs kept alive ` +
      `${percentile(kept, 0.5).toFixed(2)} ms (information: what keeping connections ten minutes saves a call after a quiet spell)`,
  );
  // CPU time is what the machine's load hardly moves: where the extra time goes.
  console.log(
    `  hub-call-next CPU per op: counter ${(cpuPerOp[1]! / 1000).toFixed(2)} ms + hub ${(cpuPerOp[2]! / 1000).toFixed(2)} ms ` +
      `vs standalone ${(cpuPerOp[0]! / 1000).toFixed(2)} ms (information; a call's fsync waits count too)`,
  );
}
