import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootBackend, type Backend } from '../../electron/backend/boot';
import { loadOrCreateHubCertificate } from '../../electron/backend/hub/certificate';
import { startHubServer } from '../../electron/backend/hosts/hubServer';
import type { Reply } from '../../shared/api';
import type { WindowRole } from '../../shared/roles';

/**
 * The office hub for the hub benchmarks, in a process of its own as in an office (it is
 * another PC there): the benchmark's process forks its own bundle with LUCKA_BENCH_HUB=1
 * and talks to the child over IPC only to set the office up; the devices reach it over
 * HTTPS on 127.0.0.1 with its pinned certificate, as they do in the product.
 */

export const PAIRING_COST_N = 1024;
const CHILD_ENV = 'LUCKA_BENCH_HUB';

export const tempDir = () => mkdtempSync(join(tmpdir(), 'lucka-bench-hub-'));

export function bootBench(dataDir: string): Backend {
  return bootBackend({ dataDir, appVersion: 'bench', pairingCostN: PAIRING_COST_N, passphraseCostN: 16_384 });
}

export async function call(backend: Backend, channel: string, input: unknown): Promise<unknown> {
  const reply: Reply = await backend.host.handle({ id: 1, channel, input });
  if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}`);
  return reply.result;
}

/** An office set up on `backend` with `counters` counters, each opened by its own officer. */
export async function setUpOffice(backend: Backend, counters: number): Promise<string[]> {
  await call(backend, 'setup.save', { officeId: 'stockholm', officerSignature: 'HUBB' });
  const existing = (await call(backend, 'queue.snapshot', {})) as { counters: { id: string }[] };
  const db = backend.context!.store.db;
  // No channel adds counters yet (an office's set-up would): straight into the store.
  const insert = db.prepare("INSERT INTO counters (id, office_id, name) VALUES (?, 'stockholm', ?)");
  for (let i = existing.counters.length; i < counters; i++) insert.run(randomUUID(), `Lucka ${i + 1}`);
  const ids = ((await call(backend, 'queue.snapshot', {})) as { counters: { id: string }[] }).counters
    .map((c) => c.id)
    .slice(0, counters);
  for (const [i, counterId] of ids.entries()) {
    const officerSignature = `OFF${String.fromCharCode(65 + Math.floor(i / 26))}${String.fromCharCode(65 + (i % 26))}`;
    await call(backend, 'counters.open', { counterId, officerSignature });
  }
  return ids;
}

type Command =
  | { op: 'office'; counters: number }
  | { op: 'addDevice'; role: WindowRole; name: string }
  | { op: 'issue'; count: number }
  | { op: 'pair'; address: string; code: string }
  | { op: 'request'; envelope: unknown }
  | { op: 'cpu' };

/**
 * The child's side: a hub (LUCKA_BENCH_HUB=hub) or a Lucka installation's backend
 * process (=installation, what the product's utilityProcess is to its windows) over a
 * temp dir, answering the parent's commands and requests over IPC.
 */
export async function runBenchHubChild(): Promise<void> {
  const dataDir = tempDir();
  const backend = bootBench(dataDir);
  const server =
    process.env[CHILD_ENV] === 'hub'
      ? await startHubServer({
          backend,
          certificate: await loadOrCreateHubCertificate(dataDir),
          listenHost: '127.0.0.1',
          port: 0,
        })
      : null;
  process.on('message', (message: { seq: number; command: Command }) => {
    const { seq, command } = message;
    if (command.op === 'request') {
      // The window's request as the backend process gets it: straight to its host.
      void backend.host.handle(command.envelope).then((reply) => process.send!({ seq, result: reply }));
      return;
    }
    const answer = async (): Promise<unknown> => {
      if (command.op === 'cpu') return cpuMicros();
      if (command.op === 'office') return setUpOffice(backend, command.counters);
      if (command.op === 'pair') return backend.context!.hubLink.pair(command.address, command.code);
      if (command.op === 'addDevice') return (await backend.context!.hubDevices.add(command.name, command.role)).code;
      for (let i = 0; i < command.count; i++)
        await call(backend, 'tickets.issue', { queueLetter: 'A', source: 'kiosk' });
      return command.count;
    };
    answer().then(
      (result) => process.send!({ seq, result }),
      (err: Error) => process.send!({ seq, error: err.message }),
    );
  });
  process.on('disconnect', () => {
    void (server?.close() ?? Promise.resolve()).finally(() => {
      backend.close();
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
  process.send!({ seq: 0, result: server?.port ?? null });
}

/** This process's CPU time so far (user + system), in µs: a figure the machine's load hardly moves. */
export function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

export function isBenchHubChild(): boolean {
  return process.env[CHILD_ENV] === 'hub' || process.env[CHILD_ENV] === 'installation';
}

export interface BenchHub {
  address: string;
  office(counters: number): Promise<string[]>;
  issue(count: number): Promise<void>;
  /** The hub process's CPU time so far, in µs. */
  cpu(): Promise<number>;
  /** A pairing code for a new device in `role`. */
  addDevice(role: WindowRole, name: string): Promise<string>;
  /** A device paired with the hub in `role`: its own backend over its own temp dir. */
  pairedDevice(role: WindowRole, name: string): Promise<Backend>;
  close(): Promise<void>;
}

/** A forked child of this bundle in `kind`, and a way to send it commands. */
async function benchChild(kind: 'hub' | 'installation') {
  const child: ChildProcess = fork(process.argv[1]!, [], {
    env: { ...process.env, [CHILD_ENV]: kind },
    serialization: 'advanced',
  });
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (m: { seq: number; result?: unknown; error?: string }) => {
    const w = waiting.get(m.seq);
    waiting.delete(m.seq);
    if (m.error !== undefined) w?.reject(new Error(m.error));
    else w?.resolve(m.result);
  });
  let seq = 0;
  const send = (command: Command) =>
    new Promise<unknown>((resolve, reject) => {
      waiting.set(++seq, { resolve, reject });
      child.send({ seq, command });
    });
  const port = (await new Promise<unknown>((resolve, reject) => {
    waiting.set(0, { resolve, reject });
    child.once('exit', (code) => reject(new Error(`bench ${kind} exited with ${code}`)));
  })) as number | null;
  const close = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.disconnect();
    await exited;
  };
  const cpu = () => send({ op: 'cpu' }) as Promise<number>;
  return { port, send, close, cpu };
}

/**
 * A Lucka installation as the product runs it: its backend in a process of its own,
 * reached by its window over IPC (Electron's MessagePort to the utilityProcess there).
 * `request` is one window request, timed from the window's side.
 */
export interface BenchInstallation {
  request(channel: string, input: unknown): Promise<unknown>;
  office(counters: number): Promise<string[]>;
  issue(count: number): Promise<void>;
  pair(address: string, code: string): Promise<void>;
  /** The process's CPU time so far, in µs. */
  cpu(): Promise<number>;
  close(): Promise<void>;
}

export async function startBenchInstallation(): Promise<BenchInstallation> {
  const { send, close, cpu } = await benchChild('installation');
  let id = 0;
  return {
    async request(channel, input) {
      const reply = (await send({ op: 'request', envelope: { id: ++id, channel, input } })) as Reply;
      if (!reply.ok) throw new Error(`${channel}: ${reply.error.code}`);
      return reply.result;
    },
    office: (counters) => send({ op: 'office', counters }) as Promise<string[]>,
    issue: async (count) => void (await send({ op: 'issue', count })),
    pair: async (address, code) => void (await send({ op: 'pair', address, code })),
    cpu,
    close,
  };
}

export async function startBenchHub(): Promise<BenchHub> {
  const { port, send, close, cpu } = await benchChild('hub');
  const address = `127.0.0.1:${port}`;
  const devices: { backend: Backend; dir: string }[] = [];
  return {
    address,
    office: (counters) => send({ op: 'office', counters }) as Promise<string[]>,
    issue: async (count) => void (await send({ op: 'issue', count })),
    cpu,
    addDevice: (role, name) => send({ op: 'addDevice', role, name }) as Promise<string>,
    async pairedDevice(role, name) {
      const code = (await send({ op: 'addDevice', role, name })) as string;
      const dir = tempDir();
      const backend = bootBench(dir);
      await backend.context!.hubLink.pair(address, code);
      devices.push({ backend, dir });
      return backend;
    },
    async close() {
      for (const d of devices.splice(0)) {
        d.backend.close();
        rmSync(d.dir, { recursive: true, force: true });
      }
      await close();
    },
  };
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
