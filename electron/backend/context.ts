import { randomUUID } from 'node:crypto';
import type { Store } from '../../db/open';
import { OutboxRepository } from '../../db/outbox';
import { QueueRepository } from '../../db/queue';
import { StatsRepository } from '../../db/stats';
import { VisitRepository } from '../../db/visits';
import type { Setup, Topic } from '../../shared/api';
import type { OfficeRegistry } from '../../shared/offices';
import type { GuideCatalog } from './guides/catalog';
import { SupervisorAccess } from './supervisor/supervisorAccess';
import type { SyncService } from './sync/syncService';

/** Everything a handler may touch. Built once per store; tests build their own. */
export interface BackendContext {
  store: Store;
  visits: VisitRepository;
  queue: QueueRepository;
  registry: OfficeRegistry;
  /** The registry's version: 0 for the one shipped with the app, else the one fetched from the service. */
  registryVersion: number;
  stats: StatsRepository;
  /** Statistics events waiting for the central service, written in the transaction of what they report. */
  outbox: OutboxRepository;
  /** Supervisor passphrases, lockouts and sessions (figures beyond one's own need one). */
  supervisor: SupervisorAccess;
  /** The installed guide packages (shipped and imported). */
  guides: GuideCatalog;
  /** The uploader and enrollment with the central service; set by boot once the host exists. */
  sync: SyncService | null;
  appVersion: string;
  now(): Date;
  newId(): string;
  /** The device's setup, read once and kept in step by setup.save (hot paths need it on every call). */
  setupCache: { value: Setup | null } | null;
  /** Topics changed by the request being handled; the host pushes them to every window on success. */
  touched: Set<Topic>;
  touch(topic: Topic): void;
  /**
   * Runs `fn` in an IMMEDIATE transaction: the write lock is taken before anything is
   * read, so two counters acting at once are serialised, never interleaved.
   */
  write<T>(fn: () => T): T;
}

export function createContext(
  store: Store,
  registry: OfficeRegistry,
  guides: GuideCatalog,
  options: { appVersion: string; now?: () => Date; newId?: () => string },
): BackendContext {
  const touched = new Set<Topic>();
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const stats = new StatsRepository(store.db);
  return {
    store,
    visits: new VisitRepository(store.db),
    queue: new QueueRepository(store.db),
    registry,
    registryVersion: 0,
    stats,
    outbox: new OutboxRepository(store.db, stats),
    supervisor: new SupervisorAccess(store.db, now),
    guides,
    sync: null,
    appVersion: options.appVersion,
    now,
    newId,
    setupCache: null,
    touched,
    touch: (topic) => touched.add(topic),
    write: (fn) => store.db.transaction(fn).immediate(),
  };
}
