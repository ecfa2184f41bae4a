import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_DAILY_EVENTS_PER_DEVICE } from './app';
import { option, parseArgs, UsageError, type ParsedArgs } from './cliArgs';
import { DEFAULT_PLAUSIBILITY } from './plausibility';
import { startServer } from './run';
import { checkTrustProxy, type TrustProxy } from './trustProxy';

/**
 * `npm run server -- [--data-dir DIR] [--port 8787] [--host 127.0.0.1] [--trust-proxy ADDRESSES|HOPS]
 * [--event-past-days 400] [--event-future-days 1] [--daily-event-quota 20000]`:
 * the central statistics service. SQLite in the data dir, or PostgreSQL when DATABASE_URL
 * is set. HTTPS either at a TLS proxy in front (--trust-proxy, or LUCKA_TRUST_PROXY, names
 * it) or here, with --tls-cert FILE --tls-key FILE (PEM).
 */
function wholeNumber(args: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const text = option(args, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number ${min}–${max}`);
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), [
    'data-dir',
    'port',
    'host',
    'trust-proxy',
    'tls-cert',
    'tls-key',
    'event-past-days',
    'event-future-days',
    'daily-event-quota',
  ]);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${args.positional[0]}`);
  const port = Number(option(args, 'port') ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0–65535');
  const dataDir = resolve(option(args, 'data-dir') ?? process.env.LUCKA_SERVER_DATA_DIR ?? '.lucka-central');
  let trustProxy: TrustProxy;
  try {
    trustProxy = checkTrustProxy(option(args, 'trust-proxy') ?? process.env.LUCKA_TRUST_PROXY);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const certFile = option(args, 'tls-cert');
  const keyFile = option(args, 'tls-key');
  if (Boolean(certFile) !== Boolean(keyFile)) throw new UsageError('--tls-cert and --tls-key go together');
  const tls =
    certFile && keyFile ? { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') } : undefined;
  const plausibility = {
    pastDays: wholeNumber(args, 'event-past-days', DEFAULT_PLAUSIBILITY.pastDays, 1, 3660),
    futureDays: wholeNumber(args, 'event-future-days', DEFAULT_PLAUSIBILITY.futureDays, 0, 366),
  };
  const dailyEventsPerDevice = wholeNumber(args, 'daily-event-quota', DEFAULT_DAILY_EVENTS_PER_DEVICE, 1, 10_000_000);
  const server = await startServer({
    dataDir,
    port,
    host: option(args, 'host') ?? '127.0.0.1',
    trustProxy,
    tls,
    plausibility,
    limits: { dailyEventsPerDevice },
  });
  const where = server.store.kind === 'sqlite' ? dataDir : 'PostgreSQL (DATABASE_URL)';
  console.log(`lucka central statistics service on ${server.url}/v1 (database: ${where})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('error while stopping:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`lucka server: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
