import { randomUUID } from 'node:crypto';
import { HubRepository } from '../../db/hub';
import { HubStateRepository } from '../../db/hubState';
import { StandbyMirrorStore } from '../../db/standbyMirror';
import type { Store } from '../../db/open';
import { CounterArrivalsRepository } from '../../db/counterArrivals';
import { OfficeEventsRepository } from '../../db/officeEvents';
import { OutboxRepository } from '../../db/outbox';
import { QueueRepository } from '../../db/queue';
import { readSetup } from '../../db/settings';
import { StatsRepository } from '../../db/stats';
import { VisitRepository } from '../../db/visits';
import type { Setup, Topic } from '../../shared/api';
import type { Office } from '../../shared/offices';
import type { GuideCatalog } from './guides/catalog';
import { HubDevices } from './hub/hubDevices';
import { IdempotentRequests } from './hub/idempotentRequests';
import { NumberBlocks } from './hub/numberBlocks';
import { PAIRING_COST_N } from './hub/pairingCode';
import type { HubLink } from './hubLink/hubLink';
import type { HubTakeover } from './hub/takeover';
import type { ActiveRegistry } from './officeRegistry';
import type { StatsJobs } from './stats/statsJobs';
import { SupervisorAccess } from './supervisor/supervisorAccess';
import type { SyncService } from './sync/syncService';
import type { PolicyState } from '../../shared/policy';

/**
 * The office registry in use: the shipped one, or a newer one down-synced from the service.
 * One object for the life of the store, replaced in place, so every holder sees the change.
 */
export class OfficeRegistryState {
  constructor(private active: ActiveRegistry) {}
  get offices(): Office[] {
    return this.active.registry.offices;
  }
  /** 0 for the registry shipped with the app, else the one fetched from the service. */
  get version(): number {
    return this.active.version;
  }
  get current(): ActiveRegistry {
    return this.active;
  }
  replace(next: ActiveRegistry): void {
    this.active = next;
  }
}

/** Where a request reads the setup from: the installation's own, or a counter device's officer at the hub. */
export interface SetupSource {
  get(): Setup | null;
  set(value: Setup): void;
}

/** The device's setup, read once and kept in step by setup.save (hot paths need it on every call). */
export class SetupState implements SetupSource {
  private cached: { value: Setup | null } | null = null;
  constructor(private readonly store: Store) {}
  get(): Setup | null {
    this.cached ??= { value: readSetup(this.store.db) };
    return this.cached.value;
  }
  set(value: Setup): void {
    this.cached = { value };
  }
}

/**
 * What the store, the domain rules and background work (sync, housekeeping) share. Built
 * once per store, whole; nothing in it is reassigned afterwards.
 */
export interface StoreContext {
  readonly store: Store;
  readonly visits: VisitRepository;
  readonly queue: QueueRepository;
  readonly officeRegistry: OfficeRegistryState;
  readonly stats: StatsRepository;
  /** Statistics events waiting for the central service, written in the transaction of what they report. */
  readonly outbox: OutboxRepository;
  /** Supervisor passphrases, lockouts and sessions (figures beyond one's own need one). */
  readonly supervisor: SupervisorAccess;
  /** The installed guide packages (shipped and imported). */
  readonly guides: GuideCatalog;
  readonly setup: SetupSource;
  /** The managed configuration IT placed on the machine (policy.json): presets and locks. */
  readonly policy: PolicyState;
  /** The devices paired to this installation when it serves as its office's hub. */
  readonly hubDevices: HubDevices;
  /** The replies the hub remembers, so a device's retried request acts once. */
  readonly hubRequests: IdempotentRequests;
  /** Counters' statistics events at the hub; a counter's own events on their way to it. */
  readonly officeEvents: OfficeEventsRepository;
  /** On a counter PC: tickets the hub handed to it, and the hub actions it owes the hub. */
  readonly counterArrivals: CounterArrivalsRepository;
  /** This installation's epoch as a hub, its standby, and its ticket-number blocks (takeover). */
  readonly hubState: HubStateRepository;
  /** Which ticket numbers may be issued here: from blocks the standby acknowledged, none after stepping down. */
  readonly numberBlocks: NumberBlocks;
  /** On a standby PC: its inert copy of the hub's queue, for a supervisor's takeover. */
  readonly standbyMirror: StandbyMirrorStore;
  readonly appVersion: string;
  now(): Date;
  newId(): string;
  /**
   * Runs `fn` in an IMMEDIATE transaction: the write lock is taken before anything is
   * read, so two counters acting at once are serialised, never interleaved.
   */
  write<T>(fn: () => T): T;
}

/** The store context and the services built over it: what the host serves requests with. */
export interface ServiceContext extends StoreContext {
  /** The uploader and enrollment with the central service. */
  readonly sync: SyncService;
  /** This installation's link to its office hub (none: it is its own hub, as before). */
  readonly hubLink: HubLink;
  /** A supervisor's takeover of a dead hub on this PC, when it is the standby. */
  readonly hubTakeover: HubTakeover;
  /** Reports and exports in worker threads, off the request path. */
  readonly statsJobs: StatsJobs;
}

/**
 * Everything a handler may touch: the service context and this request's own record of
 * what it changed. Each request gets its own (`forRequest`), so a handler that awaits
 * can never have its topics published with, or cleared by, another request's.
 */
export interface BackendContext extends ServiceContext {
  touch(topic: Topic): void;
  /** The paired device that asked, when this installation serves as its office's hub; else null. */
  readonly caller: RequestCaller | null;
}

/**
 * A paired device's request at the hub: which device, and the officer at it (a counter's
 * own setup, sent with each request; the hub never stores it as its own).
 */
export interface RequestCaller {
  deviceId: string;
  officer: string | null;
}

export function createStoreContext(
  store: Store,
  registry: ActiveRegistry,
  guides: GuideCatalog,
  options: {
    appVersion: string;
    now?: () => Date;
    newId?: () => string;
    passphraseCostN?: number;
    policy?: PolicyState;
    pairingCostN?: number;
  },
): StoreContext {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const stats = new StatsRepository(store.db);
  const write = <T>(fn: () => T): T => store.db.transaction(fn).immediate();
  const hub = new HubRepository(store.db);
  const hubState = new HubStateRepository(store.db);
  return {
    store,
    visits: new VisitRepository(store.db),
    queue: new QueueRepository(store.db),
    officeRegistry: new OfficeRegistryState(registry),
    stats,
    outbox: new OutboxRepository(store.db, stats),
    supervisor: new SupervisorAccess(store.db, now, options.passphraseCostN),
    guides,
    setup: new SetupState(store),
    policy: options.policy ?? { path: '', policy: null, error: null },
    hubDevices: new HubDevices(hub, write, now, newId, options.pairingCostN ?? PAIRING_COST_N),
    hubRequests: new IdempotentRequests(hub, write, now),
    officeEvents: new OfficeEventsRepository(store.db),
    counterArrivals: new CounterArrivalsRepository(store.db),
    hubState,
    numberBlocks: new NumberBlocks(hubState, write),
    standbyMirror: new StandbyMirrorStore(store.db),
    appVersion: options.appVersion,
    now,
    newId,
    write,
  };
}

/**
 * One request's context: the shared services plus its own set of touched topics.
 * `inWrite` runs inside each of its write transactions, with the transaction's result:
 * the office hub records a request's reply there, so the effect and the record of it
 * commit together.
 */
export function forRequest(
  service: ServiceContext,
  touched: Set<Topic>,
  inWrite?: (result: unknown) => void,
  caller: RequestCaller | null = null,
): BackendContext {
  const write: StoreContext['write'] = inWrite
    ? (fn) =>
        service.write(() => {
          const result = fn();
          inWrite(result);
          return result;
        })
    : service.write;
  const setup = caller?.officer ? officerAt(service.setup, caller.officer) : service.setup;
  return { ...service, write, setup, caller, touch: (topic) => void touched.add(topic) };
}

/** The hub's setup (its office) with the asking counter's officer in it. */
function officerAt(own: SetupSource, officer: string): SetupSource {
  return {
    get: () => {
      const setup = own.get();
      return setup && { ...setup, officerSignature: officer };
    },
    set: (value) => own.set(value),
  };
}
