/**
 * Entry of the backend utilityProcess: owns the store and serves the handler table
 * to every window over the MessagePorts that main hands it. Never imports 'electron'
 * (process.parentPort is the utilityProcess's own API).
 */
import { isWindowRole } from '../../shared/roles';
import { resolveDataDir } from './dataDir';
import { loadPolicy, policyPath } from './policyFile';
import { hostForRole } from './hostForRole';
import { MAINTENANCE_INTERVAL_MS, bootBackend } from './boot';
import { servePort } from './servePort';
import { parentPortCipher } from './sync/parentPortCipher';
import { electronModuleIfAny, syncFetch } from './syncFetch';
import { keyringOrFileSecretStore } from './sync/secretStore';
import { loadOrCreateHubCertificate } from './hub/certificate';
import { startHubServer } from './hosts/hubServer';

declare const __APP_VERSION__: string;

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

const log = (entry: object) =>
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n');

const dataDir = resolveDataDir(process.argv, process.env, '');
// The sync token and device key are encrypted by main's safeStorage; only ciphertext is on disk.
const safeStorage = parentPortCipher(process.parentPort);
const backend = bootBackend({
  dataDir,
  appVersion: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0',
  nativeBinding: flag('native-binding'),
  log,
  dailyBackup: true,
  secrets: keyringOrFileSecretStore(dataDir, safeStorage.cipher),
  startSync: true,
  // IT's presets and locks; main passes the path it read (--policy=PATH).
  policy: loadPolicy(policyPath(process.argv, process.env)),
  // Chromium's network stack (system proxy, OS certificates) for sync.
  sync: { fetch: syncFetch(electronModuleIfAny) },
});

setInterval(() => backend.maintain(), MAINTENANCE_INTERVAL_MS).unref();

// The office hub (main passes --hub-port when started with --hub, or when IT's policy makes
// this PC the hub): the same handler table, over HTTPS to the office's paired devices.
const hubPort = flag('hub-port');
if (hubPort && backend.context) {
  void loadOrCreateHubCertificate(dataDir)
    .then((certificate) =>
      startHubServer({ backend, certificate, port: Number(hubPort), listenHost: flag('hub-listen') }).then((server) =>
        // One line IT (or a script) can read: where the hub is and what devices will pin.
        process.stdout.write(
          JSON.stringify({ hub: server.address, port: server.port, fingerprint: certificate.fingerprint, dataDir }) +
            '\n',
        ),
      ),
    )
    .catch((err: Error) => log({ level: 'error', msg: `the office hub cannot serve: ${err.message}` }));
}

/** Every window's port: requests in, replies and pushed events out. */
const ports = new Set<Electron.MessagePortMain>();
backend.host.subscribe((event) => {
  for (const port of ports) port.postMessage({ event });
});

process.parentPort.on('message', (event) => {
  const message = event.data as { type?: unknown; role?: unknown } | null;
  if (safeStorage.receive(event.data)) return;
  if (message?.type === 'shutdown') {
    // Asked by main on quit: close the store cleanly (no integrity check on the next start).
    backend.close();
    process.exit(0);
  }
  const [port] = event.ports;
  if (message?.type !== 'connect' || !port) return;
  // Public windows (kiosk, display) reach only their own channels; unknown means least.
  const host = hostForRole(backend.host, isWindowRole(message.role) ? message.role : 'display');
  ports.add(port);
  port.on('close', () => ports.delete(port));
  servePort(port, host, log);
});

const shutdown = () => {
  backend.close();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('exit', () => backend.close());
