import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bootBackend, type Backend } from '../../electron/backend/boot';
import { loadOrCreateHubCertificate } from '../../electron/backend/hub/certificate';
import { startHubServer } from '../../electron/backend/hosts/hubServer';
import type { Reply, Ticket } from '../../shared/api';

/**
 * `hub-call-next` (issue 13: "call next from a counter through the hub on loopback vs the
 * same call on a standalone installation: ≤ 2×, p50 and p99").
 *
 * Subject: a counter installation paired with a hub (both bootBackend over temp dirs, the
 * hub's HTTPS host on 127.0.0.1, same process); one op is tickets.callNext then
 * tickets.noShow through the device's host, so over pinned HTTPS with idempotency keys.
 * Baseline: the same two calls on a standalone installation's host (direct, no transport:
 * the product's MessagePort adds a little to the baseline, so the ratio is pessimistic).
 */

const N = Number(process.env.BENCH_HUB_CALLS ?? 500);
const PAIRING_COST_N = 1024;

const tempDir = () => mkdtempSync(join(tmpdir(), 'lucka-bench-hub-'));

function boot(dataDir: string): Backend {
  return bootBackend({ dataDir, appVersion: 'bench', pairingCostN: PAIRING_COST_N, passphraseCostN: 16_384 });
}

async function call(backend: Backend, channel: string, input: unknown): Promise<unknown> {
  const reply: Reply = await backend.host.handle({ id: 1, channel, input });
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}`);
  return reply.result;
}

/** An office with one open counter and N waiting tickets on `office`; calls made through `via`. */
async function timedCalls(office: Backend, via: Backend): Promise<number[]> {
  await call(office, 'setup.save', { officeId: 'stockholm', officerSignature: 'ANLA' });
  const counterId = ((await call(office, 'queue.snapshot', {})) as { counters: { id: string }[] }).counters[0]!.id;
  await call(office, 'counters.open', { counterId });
  for (let i = 0; i < N; i++) await call(office, 'tickets.issue', { queueLetter: 'A', source: 'officer' });
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const start = performance.now();
    const ticket = (await call(via, 'tickets.callNext', { counterId })) as Ticket;
    await call(via, 'tickets.noShow', { counterId, ticketId: ticket.id });
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export async function runHubCallNextBenchmark(): Promise<void> {
  console.log(`▶ hub-call-next: ${N} × (call next + no-show) through a paired hub vs a standalone installation`);
  const dirs = [tempDir(), tempDir(), tempDir()];
  const standalone = boot(dirs[0]!);
  const baseline = await timedCalls(standalone, standalone);
  standalone.close();

  const hub = boot(dirs[1]!);
  const server = await startHubServer({
    backend: hub,
    certificate: await loadOrCreateHubCertificate(dirs[1]!),
    listenHost: '127.0.0.1',
    port: 0,
  });
  const { code } = await hub.context!.hubDevices.add('Lucka 1', 'counter');
  const device = boot(dirs[2]!);
  await device.context!.hubLink.pair(`127.0.0.1:${server.port}`, code);
  const subject = await timedCalls(hub, device);
  device.close();
  await server.close();
  hub.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });

  for (const [name, p] of [
    ['p50', 0.5],
    ['p99', 0.99],
  ] as const) {
    const s = percentile(subject, p);
    const b = percentile(baseline, p);
    console.log(
      `  hub-call-next ${name}: ${s.toFixed(2)} ms vs standalone ${b.toFixed(2)} ms → ratio ${(s / b).toFixed(2)}× (target ≤ 2×)`,
    );
  }
}
