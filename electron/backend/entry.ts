/**
 * Entry of the backend utilityProcess: owns the store and serves the handler table
 * to every window over the MessagePorts that main hands it. Never imports 'electron'
 * (process.parentPort is the utilityProcess's own API).
 */
import { resolveDataDir } from './dataDir';
import { bootBackend } from './boot';

declare const __APP_VERSION__: string;

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

const log = (entry: object) =>
  process.stderr.write(JSON.stringify({ time: new Date().toISOString(), ...entry }) + '\n');

const backend = bootBackend({
  dataDir: resolveDataDir(process.argv, process.env, ''),
  appVersion: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0',
  nativeBinding: flag('native-binding'),
  log,
  dailyBackup: true,
});

process.parentPort.on('message', (event) => {
  const [port] = event.ports;
  if (!port) return;
  port.on('message', (message) => {
    void backend.host.handle(message.data).then((reply) => port.postMessage(reply));
  });
  port.start();
});

const shutdown = () => {
  backend.close();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('exit', () => backend.close());
