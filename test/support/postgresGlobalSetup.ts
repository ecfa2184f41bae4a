// Vitest globalSetup (the 'unit' project): one throwaway PostgreSQL cluster per test run.
//
// The cluster lives in a fresh directory under os.tmpdir() (lucka-pg-XXXXXX: data/, sock/,
// postgres.log, owner.json), listens only on 127.0.0.1 on a free port with trust
// authentication, and runs without fsync. Test files get its admin URL through
// inject('luckaPostgres') and make their own databases with test/support/postgres.ts.
//
// initdb refuses to run as root, so as root (CI) the cluster runs as Debian's `postgres`
// system user (runuser, or su). Teardown stops it whatever the tests did; an 'exit' hook
// covers a run that ends without teardown, and each run first stops and removes clusters
// whose vitest process is gone (a killed run), so a stale cluster never blocks a later one.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import {
  accessSync,
  chownSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/** What test files get from inject('luckaPostgres'). */
export interface PostgresHarnessInfo {
  /** Superuser URL of the cluster's `postgres` database; null when there is no cluster. */
  adminUrl: string | null;
  /** Why there is no cluster: 'missing' (no binaries) or 'failed' (they are there, but it did not start). */
  problem: 'missing' | 'failed' | null;
  /** The explanation shown when the PostgreSQL tests skip or fail. */
  reason: string;
  /** Wall-clock time from the first initdb to an accepted connection, in ms. */
  startupMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    luckaPostgres: PostgresHarnessInfo;
  }
}

const PREFIX = 'lucka-pg-';
const SUPERUSER = 'postgres';
const SERVER_OPTIONS = [
  '-c listen_addresses=127.0.0.1',
  // Throwaway data: durability off, for speed.
  '-c fsync=off',
  '-c synchronous_commit=off',
  '-c full_page_writes=off',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const hasTools = (dir: string) => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'pg_ctl'));

/**
 * The directory holding initdb and pg_ctl: LUCKA_PG_BIN when set (and only it), else the
 * first on PATH, else the highest version under /usr/lib/postgresql/<version>/bin (Debian).
 */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.LUCKA_PG_BIN !== undefined) return hasTools(env.LUCKA_PG_BIN) ? env.LUCKA_PG_BIN : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir && hasTools(dir)) return dir;
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v));
  } catch {
    return null;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (hasTools(join(root, v, 'bin'))) return join(root, v, 'bin');
  return null;
}

function whichSync(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const dir of dirs) if (dir && isExecutable(join(dir, name))) return join(dir, name);
  return null;
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/** How to run PostgreSQL's tools: as ourselves, or, as root, as the `postgres` system user. */
interface ClusterUser {
  uid: number | null;
  gid: number | null;
  wrap(cmd: string, args: string[]): [string, string[]];
}

function clusterUser(): ClusterUser {
  if (process.getuid?.() !== 0) return { uid: null, gid: null, wrap: (cmd, args) => [cmd, args] };
  let uid: number, gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error(
      "running as root, but there is no 'postgres' system user to run PostgreSQL as (initdb refuses root); " +
        "Debian's postgresql package creates it",
    );
  }
  const runuser = whichSync('runuser');
  const wrap: ClusterUser['wrap'] = runuser
    ? (cmd, args) => [runuser, ['-u', 'postgres', '--', cmd, ...args]]
    : (cmd, args) => ['su', ['-s', '/bin/sh', 'postgres', '-c', [cmd, ...args].map(shellQuote).join(' ')]];
  return { uid, gid, wrap };
}

function run(user: ClusterUser, cwd: string, cmd: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const [file, argv] = user.wrap(cmd, args);
  return new Promise((resolve, reject) => {
    execFile(file, argv, { cwd, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${cmd.split('/').pop()} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Owner {
  pid: number;
  binDir: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The postmaster's pid while one runs on this data directory. */
function postmasterPid(data: string): number | null {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 && alive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Synchronous stop (immediate: the data is thrown away), then removal, unless the server
 * could not be stopped (someone else's): its files are left rather than pulled from under it.
 */
function stopAndRemove(base: string, binDir: string, user: ClusterUser): void {
  const data = join(base, 'data');
  if (postmasterPid(data) !== null) {
    const [file, argv] = user.wrap(join(binDir, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '30']);
    spawnSync(file, argv, { cwd: base, stdio: 'ignore', timeout: 40_000 });
    if (postmasterPid(data) !== null) return;
  }
  rmSync(base, { recursive: true, force: true });
}

/** Clusters left by runs that died without teardown (SIGKILL, a crash): stop them, remove their files. */
function sweepStale(user: ClusterUser): void {
  let entries: string[];
  try {
    entries = readdirSync(tmpdir()).filter((name) => name.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of entries) {
    const base = join(tmpdir(), name);
    try {
      const owner = JSON.parse(readFileSync(join(base, 'owner.json'), 'utf8')) as Owner;
      if (alive(owner.pid)) continue; // another vitest run, still going
      stopAndRemove(base, owner.binDir, user);
    } catch {
      // Not ours, half-made or unreadable: a dir without owner.json older than an hour is junk.
      try {
        if (Date.now() - statSync(base).mtimeMs > 3_600_000 && !existsSync(join(base, 'owner.json'))) {
          rmSync(base, { recursive: true, force: true });
        }
      } catch {
        // leave it
      }
    }
  }
}

async function accepts(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('select 1');
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const provide = (info: PostgresHarnessInfo) => project.provide('luckaPostgres', info);
  const binDir = findPostgresBin();
  if (!binDir) {
    const where =
      process.env.LUCKA_PG_BIN !== undefined
        ? `in LUCKA_PG_BIN=${process.env.LUCKA_PG_BIN}`
        : 'on PATH or in /usr/lib/postgresql/*/bin';
    provide({
      adminUrl: null,
      problem: 'missing',
      reason:
        `No PostgreSQL binaries (initdb, pg_ctl) ${where}: install Debian's package ` +
        `('apt-get install postgresql') or set LUCKA_PG_BIN to their directory.`,
      startupMs: 0,
    });
    return async () => {};
  }

  const started = performance.now();
  let base: string | null = null;
  let user: ClusterUser | null = null;
  const onExit = () => {
    if (base && user) stopAndRemove(base, binDir, user);
  };
  try {
    user = clusterUser();
    sweepStale(user);
    base = mkdtempSync(join(tmpdir(), PREFIX));
    writeFileSync(join(base, 'owner.json'), JSON.stringify({ pid: process.pid, binDir } satisfies Owner));
    const data = join(base, 'data');
    const sock = join(base, 'sock');
    mkdirSync(sock);
    if (user.uid !== null && user.gid !== null) {
      chownSync(base, user.uid, user.gid);
      chownSync(sock, user.uid, user.gid);
    }
    process.once('exit', onExit);

    await run(user, base, join(binDir, 'initdb'), [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      SUPERUSER,
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);

    // A free port can be taken between asking and binding: try a few.
    let adminUrl = '';
    let lastError: unknown;
    for (let attempt = 0; attempt < 3 && !adminUrl; attempt++) {
      const port = await freePort();
      const options = [`-p ${port}`, `-k ${shellQuote(sock)}`, ...SERVER_OPTIONS].join(' ');
      try {
        await run(user, base, join(binDir, 'pg_ctl'), [
          'start',
          '-D',
          data,
          '-l',
          join(base, 'postgres.log'),
          '-w',
          '-t',
          '60',
          '-o',
          options,
        ]);
        adminUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
      } catch (e) {
        lastError = e;
      }
    }
    if (!adminUrl) throw lastError;
    await accepts(adminUrl);

    const startupMs = Math.round(performance.now() - started);
    provide({ adminUrl, problem: null, reason: '', startupMs });
    if (process.env.LUCKA_PG_VERBOSE === '1') console.log(`PostgreSQL test cluster at ${adminUrl} (${startupMs} ms)`);
    return async () => {
      process.removeListener('exit', onExit);
      onExit();
    };
  } catch (e) {
    let log = '';
    try {
      if (base) log = readFileSync(join(base, 'postgres.log'), 'utf8').trim().split('\n').slice(-15).join('\n');
    } catch {
      // no log
    }
    process.removeListener('exit', onExit);
    onExit();
    const reason =
      `PostgreSQL (${binDir}) is installed, but the test cluster did not start: ` +
      `${e instanceof Error ? e.message : String(e)}${log ? `\nserver log:\n${log}` : ''}`;
    console.error(`\n${'!'.repeat(78)}\n!! ${reason}\n${'!'.repeat(78)}\n`);
    provide({ adminUrl: null, problem: 'failed', reason, startupMs: 0 });
    return async () => {};
  }
}
