/**
 * `npm run preview`: the renderer in any browser, backed by the real handler table
 * and a real SQLite file, on 127.0.0.1 only. For machines without the Electron runtime.
 */
import { join, resolve } from 'node:path';
import { MAINTENANCE_INTERVAL_MS, bootBackend } from '../boot';
import { resolveDataDir } from '../dataDir';
import { loadPolicy } from '../policyFile';
import { startHttpBridge } from './httpBridge';

declare const __APP_VERSION__: string;

const DEFAULT_PORT = 5190;

async function main() {
  const root = resolve(__dirname, '..', '..');
  const dataDir = resolveDataDir(process.argv, process.env, join(process.cwd(), '.lucka-data'));
  const portArg = process.argv.find((a) => a.startsWith('--port='));
  const policyFlag = process.argv.find((a) => a.startsWith('--policy='))?.slice('--policy='.length);
  const backend = bootBackend({
    dataDir,
    appVersion: __APP_VERSION__,
    log: (e) => process.stderr.write(JSON.stringify(e) + '\n'),
    dailyBackup: true,
    // The preview has no safeStorage: the token is kept in a file only this user can read.
    startSync: true,
    // A policy only when asked for (--policy=PATH): the preview never reads the machine's.
    policy: policyFlag ? loadPolicy(policyFlag) : undefined,
  });
  const options = {
    host: backend.host,
    rendererDir: join(root, 'build', 'renderer'),
    bridgeScript: join(root, 'build', 'preview', 'bridge.js'),
    downloads: (key: string) => backend.context?.statsJobs.takeDownload(key) ?? null,
  };
  // A stable default port, so a bookmarked address keeps working; any free one if taken.
  const port = portArg ? Number(portArg.slice('--port='.length)) : DEFAULT_PORT;
  const bridge = await startHttpBridge({ ...options, port }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE' || portArg) throw err;
    return startHttpBridge({ ...options, port: 0 });
  });
  setInterval(() => backend.maintain(), MAINTENANCE_INTERVAL_MS).unref();
  console.log(`Lucka preview (data: ${dataDir})`);
  console.log(`Open: ${bridge.url}`);
  const stop = async () => {
    await bridge.close();
    backend.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
