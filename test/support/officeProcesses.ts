import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { afterEach } from 'vitest';
import { bootBackend } from '../../electron/backend/boot';
import { loadOrCreateHubCertificate } from '../../electron/backend/hub/certificate';
import type { ChannelInput, ChannelName, ChannelResult, HostEvent, Reply } from '../../shared/api';
import type { WindowRole } from '../../shared/roles';
// @ts-expect-error: a build script in plain JavaScript, without declarations
import { bundleBackendEntry } from '../../scripts/lib/backendBundle.mjs';
import { HUB_PASSPHRASE } from './hub';

/**
 * An office as separate processes on 127.0.0.1, each with its own data dir: the hub
 * (`npm run hub`'s entry) and its devices (`npm run device`'s entry), bundled once and
 * then run with Node, as an office's PCs would run them. Children are killed after each test.
 */

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
});

export interface OfficeBundles {
  hub: string;
  device: string;
}

export async function bundleOfficeEntries(): Promise<OfficeBundles> {
  const hub = (await bundleBackendEntry('electron/backend/hosts/hubMain.ts', 'hub', 'hub')) as string;
  const device = (await bundleBackendEntry('electron/backend/hosts/deviceMain.ts', 'device', 'device')) as string;
  return { hub, device };
}

/**
 * The hub's data dir made ready before its process starts, through the real channels: the
 * office set up, a supervisor passphrase, `counters` counters, and a one-time code per
 * device (codes are bound to the certificate the hub process will load from the same dir).
 */
export async function prepareHub(
  dataDir: string,
  options: { counters: number; devices: { role: WindowRole; name: string }[] },
): Promise<{ codes: string[]; counterIds: string[] }> {
  const backend = bootBackend({ dataDir, appVersion: 'test' });
  let id = 1;
  const call = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> => {
    const reply = await backend.host.handle({ id: id++, channel, input });
    if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`);
    return reply.result as ChannelResult<C>;
  };
  try {
    await call('setup.save', { officeId: 'stockholm', officerSignature: 'HUBB' });
    const { token } = await call('supervisor.setPassphrase', { officeId: 'stockholm', passphrase: HUB_PASSPHRASE });
    // No channel adds counters yet (an office's set-up would): straight into the store.
    const insert = backend.context!.store.db.prepare(
      "INSERT INTO counters (id, office_id, name) VALUES (?, 'stockholm', ?)",
    );
    const existing = (await call('queue.snapshot', {})).counters.length;
    for (let i = existing; i < options.counters; i++) insert.run(randomUUID(), `Lucka ${i + 1}`);
    const counterIds = (await call('queue.snapshot', {})).counters.map((c) => c.id);
    const certificate = await loadOrCreateHubCertificate(dataDir);
    backend.context!.hubDevices.serveWith(certificate.fingerprint);
    const codes: string[] = [];
    for (const device of options.devices) codes.push((await call('hub.addDevice', { token, ...device })).code);
    return { codes, counterIds };
  } finally {
    backend.close();
  }
}

/** Reads a child's stdout as JSON lines; the first line must be its start-up line. */
function lines(
  child: ChildProcess,
  onLine: (value: Record<string, unknown>) => void,
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let first = true;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      if (first) {
        first = false;
        resolve(value);
      } else onLine(value);
    });
    child.once('exit', (code) => first && reject(new Error(`process exited with ${code} before it was ready`)));
  });
}

export async function startHubProcess(bundles: OfficeBundles, dataDir: string) {
  const child = spawn(process.execPath, [bundles.hub, '--data-dir', dataDir, '--port', '0', '--listen', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const started = (await lines(child, () => {})) as { port: number; fingerprint: string };
  return { ...started, address: `127.0.0.1:${started.port}`, pid: child.pid! };
}

export interface DeviceProcess {
  link: { state: string; role: string | null };
  screens: string | null;
  /** Every event the device's host announced (with `events`). */
  events: HostEvent[];
  raw(channel: string, input: unknown): Promise<Reply>;
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>>;
  stop(): Promise<void>;
}

/** `npm run device` as its own process: paired with the hub at `pair` by `code` when given. */
export async function startDeviceProcess(
  bundles: OfficeBundles,
  options: {
    dataDir: string;
    pair?: string;
    code?: string;
    events?: boolean;
    screens?: boolean;
    requestTimeoutMs?: number;
    retryDelaysMs?: number[];
  },
): Promise<DeviceProcess> {
  const args = [bundles.device, '--data-dir', options.dataDir];
  if (options.pair && options.code) args.push('--pair', options.pair, '--code', options.code);
  if (options.events) args.push('--events');
  if (options.screens) args.push('--screens');
  if (options.requestTimeoutMs) args.push('--request-timeout-ms', String(options.requestTimeoutMs));
  if (options.retryDelaysMs) args.push('--retry-delays-ms', options.retryDelaysMs.join(','));
  args.push('--reconnect-delays-ms', '50,100,200');
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  children.add(child);
  const waiting = new Map<number, (reply: Reply) => void>();
  const events: HostEvent[] = [];
  const ready = (await lines(child, (value) => {
    if (value.reply) {
      const reply = value.reply as Reply;
      waiting.get(reply.id)?.(reply);
      waiting.delete(reply.id);
    } else if (value.event) events.push(value.event as HostEvent);
  })) as { ready: { link: DeviceProcess['link']; screens: string | null } };
  let id = 0;
  const raw = (channel: string, input: unknown) =>
    new Promise<Reply>((resolve) => {
      const mine = ++id;
      waiting.set(mine, resolve);
      child.stdin!.write(JSON.stringify({ id: mine, channel, input }) + '\n');
    });
  return {
    ...ready.ready,
    events,
    raw,
    async call(channel, input) {
      const reply = await raw(channel, input);
      if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply.error)}`);
      return reply.result as ChannelResult<typeof channel>;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}
