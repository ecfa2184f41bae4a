import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrustedKey } from '../../../shared/node/signatures';
import { afterEach, beforeEach, expect } from 'vitest';
import type { StatsEvent } from '../../../shared/sync';
import { runAdmin } from '../../../server/adminCommands';
import { enrollmentCodeHash, newEnrollmentCode } from '../../../server/auth';
import { startServer, type RunningServer } from '../../../server/run';
import type { BuildServerOptions } from '../../../server/app';
import { openPostgresStore } from '../../../server/store/postgresStore';
import { openSqliteStore } from '../../../server/store/sqliteStore';
import type { ServerStore } from '../../../server/store/types';
import { postgresSkipReason, postgresTestDatabase } from '../../support/postgres';
import { tempDir } from '../../support/temp';

/**
 * The server suites run once per storage backend (describe.each(BACKENDS)): a real SQLite
 * file in a temp dir, and a fresh database on the run's PostgreSQL test cluster (skipped,
 * with the reason, where there is none).
 */
export interface BackendDb {
  /** Opens (or reopens, after a restart) a store on the same data. */
  open(): Promise<ServerStore>;
  /** The SQLite data dir; null for PostgreSQL. */
  dataDir: string | null;
  databaseUrl: string | null;
  drop(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty database; null when the backend is not available here (skip with skipReason). */
  create(): Promise<BackendDb | null>;
  skipReason(): string;
}

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    create: async () => {
      const dir = tempDir('lucka-server-');
      return { open: async () => openSqliteStore(dir), dataDir: dir, databaseUrl: null, drop: async () => undefined };
    },
    skipReason: () => '',
  },
  {
    name: 'postgres',
    create: async () => {
      const db = await postgresTestDatabase();
      if (!db) return null;
      return { open: () => openPostgresStore(db.url), dataDir: null, databaseUrl: db.url, drop: () => db.drop() };
    },
    skipReason: postgresSkipReason,
  },
];

/** What a test may set of the server's options (limits, timeouts, plausibility, trust proxy…). */
export type ServerOptions = Omit<BuildServerOptions, 'store' | 'now' | 'logger'>;

/** A reply body as the tests read it: whatever field they assert on (the types are checked elsewhere). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A clock the test moves; the server reads it for receipt times, skew and expiry. */
export class TestClock {
  constructor(public current = new Date('2026-03-10T09:00:00.000Z')) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface EnrolledDevice {
  deviceId: string;
  officeId: string;
  token: string;
  publicKeyPem: string;
  privateKey: KeyObject;
}

/** A running server on 127.0.0.1 over one backend database, with helpers that speak real HTTP. */
export class TestServer {
  private constructor(
    readonly db: BackendDb,
    public server: RunningServer,
    readonly clock: TestClock,
    private readonly options: ServerOptions,
  ) {}

  static async start(db: BackendDb, options: ServerOptions & { clock?: TestClock } = {}): Promise<TestServer> {
    const { clock = new TestClock(), ...rest } = options;
    const server = await startServer({ ...rest, store: await db.open(), now: clock.now, logger: false });
    return new TestServer(db, server, clock, rest);
  }

  get store(): ServerStore {
    return this.server.store;
  }
  get url(): string {
    return this.server.url;
  }

  /** Stops and starts again on the same port and the same data (what a restart looks like to a client). */
  async restart(): Promise<void> {
    const port = this.server.port;
    await this.stop();
    this.server = await startServer({
      ...this.options,
      store: await this.db.open(),
      now: this.clock.now,
      logger: false,
      port,
    });
  }

  async stop(): Promise<void> {
    await this.server.close();
    await this.server.store.close();
  }

  async request(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; headers: Headers; json: Json; text: string }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, { method, headers, body });
    } catch (err) {
      // A kept-alive socket to a server that has just restarted may be found closed on first
      // use (as any client sees after a restart); every request here is safe to send again.
      if ((err as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw err;
      res = await fetch(`${this.url}${path}`, { method, headers, body });
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, json, text };
  }

  /** A one-time enrollment code, made as the admin CLI makes it. */
  async enrollmentCode(officeId: string, expiresInMs = 7 * 86_400_000): Promise<string> {
    const code = newEnrollmentCode();
    await this.store.createEnrollmentCode({
      codeHash: enrollmentCodeHash(code),
      officeId,
      createdAt: this.clock.now().toISOString(),
      expiresAt: new Date(this.clock.now().getTime() + expiresInMs).toISOString(),
    });
    return code;
  }

  async enroll(officeId: string): Promise<EnrolledDevice> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const code = await this.enrollmentCode(officeId);
    const res = await this.request('POST', '/v1/enroll', {
      body: { code, deviceName: `Disk ${officeId}`, devicePublicKey: publicKeyPem },
    });
    expect(res.status, res.text).toBe(201);
    return { ...res.json, publicKeyPem, privateKey };
  }

  upload(token: string, events: StatsEvent[], sentAt = this.clock.now().toISOString()) {
    return this.request('POST', '/v1/events', { token, body: { sentAt, events } });
  }
}

let minute = 0;

/** A served visit with one errand, at a fresh local time of the day, valid against the contract. */
export function servedEvent(officeId: string, overrides: Partial<StatsEvent> = {}): StatsEvent {
  minute = (minute + 7) % (10 * 60);
  const hh = String(8 + Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return {
    id: randomUUID(),
    supersedes: null,
    schemaVersion: 1,
    officeId,
    localDate: '2026-03-09',
    localTime: `${hh}:${mm}`,
    status: 'served',
    waitingSeconds: 240,
    serviceSeconds: 600,
    errands: [{ agency: 'SKV', errandKind: 'skv.moving', outcome: 'done', lacksEid: false, interpreter: false }],
    recordedAt: '2026-03-09T12:00:00.000Z',
    ...overrides,
  };
}

export function noShowEvent(officeId: string, overrides: Partial<StatsEvent> = {}): StatsEvent {
  return servedEvent(officeId, {
    status: 'no_show',
    waitingSeconds: null,
    serviceSeconds: null,
    errands: [],
    ...overrides,
  });
}

/**
 * Registers a fresh database and a running server around each test of the suite; a backend
 * that is not available here skips each test with its reason.
 */
export function useTestServer(backend: Backend, options: ServerOptions = {}): { readonly t: TestServer } {
  let current: TestServer | undefined;
  beforeEach(async (ctx) => {
    const db = await backend.create();
    if (!db) {
      ctx.skip(backend.skipReason());
      return;
    }
    current = await TestServer.start(db, options);
  });
  afterEach(async () => {
    const t = current;
    current = undefined;
    if (!t) return;
    await t.stop().catch(() => undefined);
    await t.db.drop();
  });
  return {
    get t() {
      if (!current) throw new Error('no server: the test should have been skipped');
      return current;
    },
  };
}

/** Runs the admin CLI (as a function) against the test's database; returns exit code and output. */
export async function admin(t: TestServer, argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const where = t.db.dataDir ? ['--data-dir', t.db.dataDir] : [];
  const code = await runAdmin([...argv, ...where], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    now: t.clock.now,
    ...(t.db.databaseUrl ? { databaseUrl: t.db.databaseUrl } : {}),
  });
  return { code, out, err };
}

/** A trusted-keys file (as assets/guides/trusted-keys.json) for `publish-… --trusted-keys`: tests never use the app's key. */
export function trustedKeysFile(...keys: TrustedKey[]): string {
  const file = join(tempDir('lucka-keys-'), 'trusted-keys.json');
  writeFileSync(file, JSON.stringify(keys));
  return file;
}
