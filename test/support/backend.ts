import { afterEach } from 'vitest';
import { bootBackend, type Backend } from '../../electron/backend/boot';
import type { ChannelInput, ChannelName, ChannelResult, Reply } from '../../shared/api';
import type { TrustedKey } from '../../shared/node/signatures';
import type { GuidePackage } from '../../shared/guide';
import type { SecretStore } from '../../electron/backend/sync/secretStore';
import type { SyncOptions } from '../../electron/backend/sync/syncService';
import { tempDir } from './temp';
import { TEST_PAIRING_COST_N, TEST_PASSPHRASE_COST_N } from './testCosts';
import type { PolicyState } from '../../shared/policy';
import type { BootOptions } from '../../electron/backend/boot';
import { statsWorkerFile } from './statsWorker';

const open: Backend[] = [];
afterEach(() => {
  for (const b of open.splice(0)) b.close();
});

/** A settable clock, so tests can stand on any instant (DST days, midnight). */
export function testClock(iso: string) {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set(next: string) {
      now = new Date(next);
    },
  };
}

/** A real backend (real SQLite file in a temp dir) and helpers that go through its host. */
export function testBackend(
  options: {
    dataDir?: string;
    now?: () => Date;
    shippedGuides?: GuidePackage[];
    trustedKeys?: TrustedKey[];
    sync?: Partial<SyncOptions>;
    secrets?: SecretStore;
    policy?: PolicyState;
    hubLink?: BootOptions['hubLink'];
    takeover?: BootOptions['takeover'];
  } = {},
) {
  const dataDir = options.dataDir ?? tempDir();
  const backend = bootBackend({
    dataDir,
    appVersion: 'test',
    now: options.now,
    shippedGuides: options.shippedGuides,
    trustedKeys: options.trustedKeys,
    sync: options.sync,
    secrets: options.secrets,
    policy: options.policy,
    passphraseCostN: TEST_PASSPHRASE_COST_N,
    pairingCostN: TEST_PAIRING_COST_N,
    hubLink: options.hubLink,
    takeover: options.takeover,
    statsWorkerFile: statsWorkerFile(),
  });
  open.push(backend);
  let id = 1;
  async function raw(channel: string, input: unknown): Promise<Reply> {
    return backend.host.handle({ id: id++, channel, input });
  }
  async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
    const reply = await raw(channel, input);
    if (!reply.ok) throw new Error(`${channel} failed: ${JSON.stringify(reply.error)}`);
    return reply.result as ChannelResult<C>;
  }
  return { backend, dataDir, raw, call, db: backend.context!.store.db, close: () => backend.close() };
}
