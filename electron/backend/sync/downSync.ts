import type { Topic } from '../../../shared/topics';
import type { StoreContext } from '../context';
import type { GuideCatalog } from '../guides/catalog';
import type { TrustedKey } from '../../../shared/node/signatures';
import type { HostLog } from '../host';
import { installRegistry } from '../officeRegistry';
import type { SyncClient } from './syncClient';
import { readSyncSettings, writeSyncSettings } from './syncSettings';

export interface DownSyncReport {
  guidesInstalled: string[];
  guidesRefused: { packageId: string; version: number; reason: string }[];
  guidesEtag: string | null;
  failed: boolean;
}

/**
 * Fetches the guide packages the service offers that are newer than what is installed,
 * and installs each through the guide store, which verifies signature, hash and content
 * and switches atomically (the same door as a manual import). A refusal leaves the
 * installed version in place and is reported; it never stops the other packages.
 */
export async function downSyncGuides(
  client: SyncClient,
  guides: GuideCatalog,
  etag: string | null,
): Promise<DownSyncReport> {
  const report: DownSyncReport = { guidesInstalled: [], guidesRefused: [], guidesEtag: etag, failed: false };
  const index = await client.guideIndex(etag);
  if (index.kind === 'not_modified') return report;
  if (index.kind !== 'ok') return { ...report, failed: true };
  const installed = new Map<string, number>();
  for (const p of guides.installed()) installed.set(p.id, Math.max(installed.get(p.id) ?? 0, p.version));
  let allFetched = true;
  for (const entry of index.body.packages) {
    if ((installed.get(entry.packageId) ?? 0) >= entry.version) continue;
    const file = await client.guideFile(entry.path);
    if (file.kind !== 'ok') {
      allFetched = false;
      continue;
    }
    try {
      const result = guides.importSigned(file.body);
      report.guidesInstalled.push(`${result.id}@${result.version}`);
    } catch (err) {
      const reason = (err as { details?: { issue: string }[] }).details?.[0]?.issue ?? (err as Error).message;
      report.guidesRefused.push({ packageId: entry.packageId, version: entry.version, reason });
    }
  }
  // Keep the old ETag when a file could not be fetched, so the next round asks again.
  if (allFetched) report.guidesEtag = index.etag;
  return report;
}

/**
 * The office registry, when the service has a newer signed one: verified against the
 * trusted publisher keys and the schema, written atomically, then used at once. Returns
 * false when it should be asked for again next time.
 */
async function downSyncRegistry(
  client: SyncClient,
  ctx: StoreContext,
  where: { dataDir: string; trustedKeys: readonly TrustedKey[] },
  hooks: DownSyncHooks,
): Promise<boolean> {
  const reply = await client.registry(readSyncSettings(ctx.store.db).registryEtag);
  if (reply.kind === 'not_modified') return true;
  if (reply.kind === 'http' && reply.status === 404) return true; // nothing published yet
  if (reply.kind !== 'ok') return false;
  const result = installRegistry(where.dataDir, reply.body, where.trustedKeys, ctx.officeRegistry.current);
  if (!result.ok) {
    // Not asked again until the service publishes something else.
    hooks.log?.({ level: 'error', msg: `office registry from the service refused: ${result.reason}` });
  } else if (result.status === 'installed') {
    ctx.officeRegistry.replace(result.active);
    hooks.publish?.(['setup']);
  }
  writeSyncSettings(ctx.store.db, { registryEtag: reply.etag });
  return true;
}

export interface DownSyncHooks {
  log?: HostLog;
  publish?: (topics: Topic[]) => void;
}

/**
 * After a good upload round, at most every `everyMs`: newer guide packages and, where the
 * device knows where to keep it, a newer office registry. Failures are logged and tried
 * again next time; they never touch the upload's status.
 */
export async function downSyncIfDue(
  client: SyncClient,
  ctx: StoreContext,
  options: { everyMs: number; registry: { dataDir: string; trustedKeys: readonly TrustedKey[] } | null },
  hooks: DownSyncHooks,
): Promise<void> {
  const s = readSyncSettings(ctx.store.db);
  const due = s.lastDownSyncAt === null || ctx.now().getTime() - Date.parse(s.lastDownSyncAt) >= options.everyMs;
  if (!due) return;
  try {
    const report = await downSyncGuides(client, ctx.guides, s.guidesEtag);
    for (const refused of report.guidesRefused)
      hooks.log?.({
        level: 'error',
        msg: `guide package from the service refused: ${refused.packageId}@${refused.version} (${refused.reason})`,
      });
    if (report.guidesInstalled.length > 0) hooks.publish?.(['guides']);
    const registryDone = options.registry ? await downSyncRegistry(client, ctx, options.registry, hooks) : true;
    if (!report.failed && registryDone)
      writeSyncSettings(ctx.store.db, { guidesEtag: report.guidesEtag, lastDownSyncAt: ctx.now().toISOString() });
  } catch (err) {
    hooks.log?.({ level: 'error', msg: `guide down-sync failed: ${(err as Error).message}` });
  }
}
