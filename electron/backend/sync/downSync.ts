import type { GuideCatalog } from '../guides/catalog';
import type { SyncClient } from './syncClient';

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
