/**
 * `npm run device -- --data-dir PATH [--pair ADDRESS --code CODE] [--screens] [--events]`:
 * one Lucka installation with no window, as its own process (a counter, kiosk or display
 * PC of an office, for tests and trials on one machine). It boots the backend over its
 * own data dir, pairs with the office hub when given an address and a one-time code (and
 * is not paired yet), and then takes the handler table's requests as JSON lines on stdin,
 * answering each as a JSON line on stdout, as its window would over its port. With
 * `--screens` (renderer built) it also serves its screens to a browser on 127.0.0.1, as
 * `npm run preview` does; with `--events` it writes the host's events to stdout too.
 *
 * stdout lines: first `{"ready": {dataDir, link, screens}}`, then `{"reply": Reply}` per
 * request (in the order they finish; a request's `id` says which) and `{"event": HostEvent}`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { MAINTENANCE_INTERVAL_MS, bootBackend } from '../boot';
import { resolveDataDir } from '../dataDir';
import { startHttpBridge } from './httpBridge';

declare const __APP_VERSION__: string;

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.slice(name.length + 3) : argv[i + 1];
}

/** "250,1000" → [250, 1000]; undefined keeps the product's waits. */
function millisList(value: string | undefined, name: string): number[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map(Number);
  if (!list.every((n) => Number.isInteger(n) && n >= 0)) throw new Error(`--${name} must be whole milliseconds, a,b,c`);
  return list;
}

async function main() {
  const argv = process.argv.slice(2);
  const dataDir = resolveDataDir(argv, process.env, '');
  const timeout = option(argv, 'request-timeout-ms');
  const write = (line: object) => process.stdout.write(JSON.stringify(line) + '\n');
  const backend = bootBackend({
    dataDir,
    appVersion: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0',
    log: (entry) => process.stderr.write(JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n'),
    dailyBackup: true,
    hubLink: {
      requestTimeoutMs: timeout === undefined ? undefined : Number(timeout),
      retryDelaysMs: millisList(option(argv, 'retry-delays-ms'), 'retry-delays-ms'),
      reconnectDelaysMs: millisList(option(argv, 'reconnect-delays-ms'), 'reconnect-delays-ms'),
    },
  });
  if (!backend.context) throw new Error(`the store cannot be opened: ${backend.storeError?.message}`);
  const link = backend.context.hubLink;
  const address = option(argv, 'pair');
  const code = option(argv, 'code');
  if (address && code && !link.linked) await link.pair(address, code);
  setInterval(() => backend.maintain(), MAINTENANCE_INTERVAL_MS).unref();

  const root = resolve(__dirname, '..', '..');
  const rendererDir = join(root, 'build', 'renderer');
  const wantsScreens = argv.includes('--screens');
  if (wantsScreens && !existsSync(join(rendererDir, 'index.html')))
    throw new Error('--screens needs the built renderer: run `npm run build` first');
  const screens = wantsScreens
    ? await startHttpBridge({
        host: backend.host,
        rendererDir,
        bridgeScript: join(root, 'build', 'preview', 'bridge.js'),
      })
    : null;
  if (argv.includes('--events')) backend.host.subscribe((event) => write({ event }));

  // Requests still running when stdin ends are answered before the process stops.
  const inFlight = new Set<Promise<unknown>>();
  createInterface({ input: process.stdin }).on('line', (line) => {
    let raw: unknown = null;
    try {
      raw = JSON.parse(line);
    } catch {
      // Not JSON: the host answers it BAD_REQUEST like any malformed envelope.
    }
    const done = backend.host.handle(raw).then((reply) => write({ reply }));
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  write({ ready: { dataDir, link: link.status(), screens: screens?.url ?? null } });

  const stop = async () => {
    await Promise.allSettled([...inFlight]);
    await screens?.close();
    backend.close();
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
