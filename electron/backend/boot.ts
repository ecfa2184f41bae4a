import { join } from 'node:path';
import { dailyBackup } from '../../db/backups';
import { StoreError } from '../../db/errors';
import { DATABASE_FILE_NAME, openStore, type Store } from '../../db/open';
import { apiError } from '../../shared/errors';
import { createStoreContext, type ServiceContext } from './context';
import { handlers } from './handlers/index';
import { createHost, type FullHost, type HostLog } from './host';
import { loadRegistry } from './officeRegistry';
import { GuideStore } from './guides/guideStore';
import { shippedGuidePackages } from './guides/shipped';
import { bundledTrustedKeys } from '../../shared/node/trustedKeys';
import type { TrustedKey } from '../../shared/node/signatures';
import { parseGuideRef } from '../../shared/guide';
import { VisitRepository } from '../../db/visits';
import { fileSecretStore, type SecretStore } from './sync/secretStore';
import { SyncService, type SyncOptions } from './sync/syncService';
import type { PolicyState } from '../../shared/policy';
import { HubLink, type HubLinkOptions } from './hubLink/hubLink';
import { HubCatchUp } from './hubLink/hubCatchUp';
import { linkedHost } from './hubLink/linkedHost';
import { PAIRING_COST_N } from './hub/pairingCode';
import { StatsJobs } from './stats/statsJobs';
import { HubTakeover, RESEND_AFTER_TAKEOVER_MS } from './hub/takeover';
import { loadOrCreateHubCertificate } from './hub/certificate';
import { DEFAULT_HUB_PORT } from './hub/wire';

/** The statistics worker's bundle, built beside each Node bundle that boots a backend (scripts/build-node.mjs). */
export const STATS_WORKER_BUNDLE = 'statsWorker.cjs';

export interface BootOptions {
  dataDir: string;
  appVersion: string;
  nativeBinding?: string;
  now?: () => Date;
  log?: HostLog;
  /** Make today's backup (backups/ in the data dir) after opening; on in the product and preview. */
  dailyBackup?: boolean;
  /** The packages that ship with the app; assets/guides unless a test brings its own. */
  shippedGuides?: readonly unknown[];
  /** Publisher keys accepted for imported packages; assets/guides/trusted-keys.json unless a test brings its own. */
  trustedKeys?: readonly TrustedKey[];
  /** Where the sync token and device key live: safeStorage in Electron, a private file otherwise (the default). */
  secrets?: SecretStore;
  /** Start the uploader's rounds (the product and the preview); tests drive sync by hand unless they ask. */
  startSync?: boolean;
  sync?: Partial<SyncOptions>;
  /** The managed configuration (policy.json), read by the host process; none unless given. */
  policy?: PolicyState;
  /** scrypt cost for supervisor passphrases; the product's default unless a test asks for a cheap one. */
  passphraseCostN?: number;
  /** scrypt cost of office hub pairing keys (hub and device must agree); PAIRING_COST_N unless a test asks. */
  pairingCostN?: number;
  /** Time limits of the link to an office hub (tests shorten them). */
  hubLink?: Pick<HubLinkOptions, 'requestTimeoutMs' | 'retryDelaysMs' | 'reconnectDelaysMs' | 'probeEveryMs'>;
  /** Where this PC serves the queue if it takes over a dead hub (DEFAULT_HUB_PORT, every interface). */
  takeover?: { port?: number; listenHost?: string; notifyEveryMs?: number };
  /**
   * A PC that took over a dead hub serves the queue again when it starts (hub/takeover.ts);
   * off where the host serves as the hub itself (`npm run hub`).
   */
  resumeTakenOverHub?: boolean;
  /** The bundled statistics worker; statsWorker.cjs beside this bundle unless a test brings its own. */
  statsWorkerFile?: string;
  /** Tests only: exports pause after their first progress until cancelled (StatsJobsOptions.holdExports). */
  holdExports?: boolean;
}

export interface Backend {
  host: FullHost;
  /** null when the store could not be opened; then every request answers STORE_UNAVAILABLE. */
  context: ServiceContext | null;
  storeError: StoreError | null;
  close(): void;
  /** Settles when the start-up backup is done (or was not asked for). */
  backup: Promise<unknown>;
  /** Housekeeping run at start and then every few minutes: purges notes past retention. */
  maintain(): { notesPurged: number };
}

/** How often the product and the preview run maintain(). */
export const MAINTENANCE_INTERVAL_MS = 5 * 60_000;

/**
 * Opens the store and builds the host over the handler table: the same code in the
 * Electron backend process, the preview server and the tests. A store that cannot be
 * opened (newer schema, corrupt) is not retried in a crash loop: the backend stays up
 * and answers every request with a typed error the UI can explain.
 */
export function bootBackend(options: BootOptions): Backend {
  let store: Store;
  try {
    store = openStore(join(options.dataDir, DATABASE_FILE_NAME), { nativeBinding: options.nativeBinding });
  } catch (err) {
    if (!(err instanceof StoreError)) throw err;
    options.log?.({ level: 'error', msg: err.message });
    const error = apiError('STORE_UNAVAILABLE', [{ path: '', issue: err.code }]);
    return {
      host: {
        handle: async (raw) => {
          const id = (raw as { id?: unknown } | null)?.id;
          return { id: typeof id === 'number' ? id : -1, ok: false, error };
        },
        subscribe: () => () => {},
        publish: () => {},
      },
      context: null,
      storeError: err,
      close() {},
      backup: Promise.resolve(),
      maintain: () => ({ notesPurged: 0 }),
    };
  }
  const guides = openGuideStore(store, options);
  const trustedKeys = options.trustedKeys ?? bundledTrustedKeys();
  const registry = loadRegistry(options.dataDir, trustedKeys);
  if (registry.problem) options.log?.({ level: 'error', msg: registry.problem });
  const core = createStoreContext(store, registry, guides, {
    appVersion: options.appVersion,
    now: options.now,
    passphraseCostN: options.passphraseCostN,
    policy: options.policy,
    pairingCostN: options.pairingCostN,
  });
  if (options.policy?.error)
    options.log?.({ level: 'error', msg: `policy ${options.policy.path} ignored: ${options.policy.error}` });
  const backup = options.dailyBackup
    ? dailyBackup(store, join(options.dataDir, 'backups'), core.now()).catch((err: Error) =>
        options.log?.({ level: 'error', msg: `daily backup failed: ${err.message}` }),
      )
    : Promise.resolve();
  // The uploader announces what it changed through the host, which is built over it:
  // `publish` is only called after a round, never while the two are being built.
  const secrets = options.secrets ?? fileSecretStore(options.dataDir);
  const sync = new SyncService(
    core,
    secrets,
    { log: options.log, publish: (topics) => host.publish(topics), dataDir: options.dataDir, trustedKeys },
    options.sync,
  );
  const hubLink: HubLink = new HubLink({
    dataDir: options.dataDir,
    secrets,
    now: core.now,
    pairingCostN: options.pairingCostN ?? PAIRING_COST_N,
    log: options.log,
    backlog: (): ReturnType<NonNullable<HubLinkOptions['backlog']>> => {
      const actions = core.counterArrivals.counts();
      return {
        pendingActions: actions.pending,
        refusedActions: actions.refused,
        pendingEvents: hubLink.role === 'counter' ? core.officeEvents.pendingOwnCount() : 0,
      };
    },
    followed: () =>
      core.write(() =>
        core.officeEvents.resendOwnSince(new Date(core.now().getTime() - RESEND_AFTER_TAKEOVER_MS).toISOString()),
      ),
    ...options.hubLink,
    standby: { port: options.takeover?.port ?? DEFAULT_HUB_PORT, store: core.standbyMirror, write: core.write },
  });
  const hubTakeover = new HubTakeover(() => context, {
    dataDir: options.dataDir,
    secrets,
    notifyEveryMs: options.takeover?.notifyEveryMs,
    log: options.log,
    // Required lazily: only a PC that takes over loads the hub's server.
    serve: async () =>
      (await import('./hosts/hubServer')).startHubServer({
        backend: self,
        certificate: await loadOrCreateHubCertificate(options.dataDir),
        port: options.takeover?.port ?? DEFAULT_HUB_PORT,
        listenHost: options.takeover?.listenHost,
      }),
  });
  const statsJobs = new StatsJobs({
    dbFile: join(options.dataDir, DATABASE_FILE_NAME),
    nativeBinding: options.nativeBinding,
    workerFile: options.statsWorkerFile ?? join(__dirname, STATS_WORKER_BUNDLE),
    exportsDir: join(options.dataDir, 'exports'),
    publish: (topics) => host.publish(topics),
    log: (msg) => options.log?.({ level: 'error', msg }),
    holdExports: options.holdExports,
  });
  const context: ServiceContext = { ...core, sync, hubLink, hubTakeover, statsJobs };
  // Paired with an office hub, the windows' requests go there (hubLink/linkedHost.ts).
  const local = createHost(handlers, context, options.log);
  const catchUp = new HubCatchUp(
    core,
    hubLink,
    (topics) => local.publish(topics),
    (msg) => options.log?.({ level: 'error', msg }),
  );
  const host = linkedHost(local, hubLink, context, catchUp);
  hubLink.start();
  const stopCatchUp = catchUp.start();
  // A closed visit or a no-show is an event for the service: send it soon.
  host.subscribe((event) => {
    if (event.type === 'changed' && event.topics.some((t) => t === 'visits' || t === 'queue')) sync.kick();
  });
  if (options.startSync) sync.start();
  // Housekeeping never takes the backend down: a failure is logged and tried again next time.
  const maintain = () => {
    try {
      const notesPurged = context.visits.purgeNotes(context.now().toISOString());
      if (notesPurged > 0) host.publish(['visits']);
      return { notesPurged };
    } catch (err) {
      options.log?.({ level: 'error', msg: `maintenance failed: ${(err as Error).message}` });
      return { notesPurged: 0 };
    }
  };
  maintain();
  const self: Backend = {
    maintain,
    host,
    context,
    storeError: null,
    close: () => {
      stopCatchUp();
      hubTakeover.close();
      hubLink.close();
      sync.stop();
      statsJobs.close();
      store.close();
    },
    backup,
  };
  if (options.resumeTakenOverHub !== false) hubTakeover.resume();
  return self;
}

/**
 * The installed guide packages live next to the database (<dataDir>/guides). Versions
 * pinned by visits still open are kept, so a visit in progress finishes on the guide it
 * started with even after a newer package arrives. Problems on disk are logged, never
 * fatal: the shipped packages are always there to fall back on.
 */
function openGuideStore(store: Store, options: BootOptions): GuideStore {
  const visits = new VisitRepository(store.db);
  const guides = new GuideStore({
    dir: join(options.dataDir, 'guides'),
    trustedKeys: options.trustedKeys ?? bundledTrustedKeys(),
    keepVersions: (packageId) =>
      visits
        .pinnedGuideRefs()
        .filter((ref) => ref.startsWith(`${packageId}.`))
        .map((ref) => parseGuideRef(ref)?.version)
        .filter((v): v is number => v !== undefined),
  });
  const report = guides.init(options.shippedGuides ?? shippedGuidePackages());
  for (const problem of report.problems) options.log?.({ level: 'error', msg: problem });
  // A missing index is just a first start; a corrupt one is worth a line.
  if (report.rebuilt === 'corrupt')
    options.log?.({ level: 'error', msg: 'guide index was corrupt: rebuilt from the files' });
  for (const file of report.dropped)
    options.log?.({ level: 'error', msg: `installed guide package left out: ${file}` });
  return guides;
}
