import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../../db/open';
import { testBackend } from '../../support/backend';

const ROOT = resolve(__dirname, '..', '..', '..');

function run(worker: string, args: string[]): Promise<string[]> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [worker, ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolveRun(JSON.parse(out)) : reject(new Error(`worker failed: ${err}`))));
  });
}

describe('two counters in two processes calling next at the same time', () => {
  it('never get the same ticket, and every ticket is called exactly once', async () => {
    const t = testBackend();
    await t.call('setup.save', { officeId: 'stockholm', officerSignature: 'ANLA' });
    const [c1, c2] = (await t.call('queue.snapshot', {})).counters;
    await t.call('counters.open', { counterId: c1!.id });
    await t.call('counters.open', { counterId: c2!.id, officerSignature: 'BOBE' });
    for (let i = 0; i < 60; i++) await t.call('tickets.issue', { queueLetter: i % 3 ? 'A' : 'B', source: 'kiosk' });
    t.close();

    // Each process is the real backend (bundled as the product bundles it), on the same file.
    const dir = join(ROOT, 'build', 'test-workers');
    mkdirSync(dir, { recursive: true });
    const worker = join(dir, 'callWorker.cjs');
    await build({
      entryPoints: [join(ROOT, 'test/support/callWorker.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: worker,
      loader: { '.sql': 'text' },
      external: ['better-sqlite3'],
      define: { __APP_VERSION__: '"worker"' },
      logLevel: 'silent',
    });
    const startAt = String(Date.now() + 1500);
    const [a, b] = await Promise.all([
      run(worker, [t.dataDir, c1!.id, startAt]),
      run(worker, [t.dataDir, c2!.id, startAt]),
    ]);
    // Both really raced: each called some.
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);

    expect(a.length + b.length).toBe(60);
    expect(a.filter((n) => b.includes(n))).toEqual([]);
    expect(new Set([...a, ...b]).size).toBe(60);
    const db = new BetterSqlite3(join(t.dataDir, DATABASE_FILE_NAME), { readonly: true });
    const calls = db
      .prepare(
        "SELECT ticket_id, COUNT(*) AS n FROM ticket_events WHERE action = 'call' GROUP BY ticket_id HAVING n <> 1",
      )
      .all();
    expect(calls).toEqual([]);
    db.close();
  }, 60_000);
});
