import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { afterEach } from 'vitest';

const children: ChildProcess[] = [];
/** The hubs themselves: `scripts/hub.mjs` runs each as its own child, which a kill of the wrapper would orphan. */
const hubs = new Set<number>();
afterEach(() => {
  for (const pid of hubs) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone (a test killed it).
    }
  }
  hubs.clear();
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A free TCP port on 127.0.0.1 (for a process that must come back on the same one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `npm run hub` as an office would run it (its own process and data dir), on 127.0.0.1. */
export async function startHubProcess(dataDir: string, port = 0) {
  const child = spawn(
    process.execPath,
    ['scripts/hub.mjs', '--data-dir', dataDir, '--port', String(port), '--listen', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}`)));
  });
  const started = JSON.parse(line) as { port: number; fingerprint: string; pid: number };
  hubs.add(started.pid);
  const stopped = new Promise<number | null>((r) => child.once('exit', r));
  return {
    ...started,
    stop: () => (child.kill('SIGTERM'), stopped),
    /** The power cut: the hub itself (not the npm wrapper) gets SIGKILL; nothing beyond SQLite's commits survives. */
    kill: () => (process.kill(started.pid, 'SIGKILL'), stopped),
  };
}
