/**
 * `npm run hub -- --data-dir PATH --port N [--listen ADDRESS]`: an office hub with no
 * window. It serves the office's queue (the handler table) over HTTPS to the devices
 * paired with it; its certificate is made on the first start and kept in PATH/hub/.
 * When the renderer is built, the hub's own screens (first-run setup, the supervisor's
 * device list) are served to a browser on this PC only, as `npm run preview` does.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAINTENANCE_INTERVAL_MS, bootBackend } from '../boot';
import { resolveDataDir } from '../dataDir';
import { loadOrCreateHubCertificate } from '../hub/certificate';
import { startHubServer } from './hubServer';
import { DEFAULT_HUB_PORT } from '../hub/wire';
import { startHttpBridge } from './httpBridge';

declare const __APP_VERSION__: string;

export { DEFAULT_HUB_PORT };

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return argv[i]!.includes('=') ? argv[i]!.slice(name.length + 3) : argv[i + 1];
}

async function main() {
  const argv = process.argv.slice(2);
  const dataDir = resolveDataDir(argv, process.env, '');
  const port = Number(option(argv, 'port') ?? DEFAULT_HUB_PORT);
  // 0: any free port (tests); the line printed below says which.
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${port}`);
  const log = (entry: object) =>
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n');
  const backend = bootBackend({
    dataDir,
    appVersion: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0',
    log,
    dailyBackup: true,
    startSync: true,
    // This host serves as the hub itself, on the port it was given.
    resumeTakenOverHub: false,
  });
  if (!backend.context) throw new Error(`the store cannot be opened: ${backend.storeError?.message}`);
  const certificate = await loadOrCreateHubCertificate(dataDir);
  const server = await startHubServer({ backend, certificate, port, listenHost: option(argv, 'listen') });
  setInterval(() => backend.maintain(), MAINTENANCE_INTERVAL_MS).unref();
  const root = resolve(__dirname, '..', '..');
  const rendererDir = join(root, 'build', 'renderer');
  const screens = existsSync(join(rendererDir, 'index.html'))
    ? await startHttpBridge({
        host: backend.host,
        rendererDir,
        bridgeScript: join(root, 'build', 'preview', 'bridge.js'),
      })
    : null;
  // One line a script (or a test) can read: where the hub is and what devices will pin.
  console.log(
    JSON.stringify({
      hub: server.address,
      port: server.port,
      fingerprint: certificate.fingerprint,
      dataDir,
      screens: screens?.url ?? null,
      // The hub itself (npm run hub runs it as a child): what a supervisor's task manager shows.
      pid: process.pid,
    }),
  );
  const stop = async () => {
    await screens?.close();
    await server.close();
    backend.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
