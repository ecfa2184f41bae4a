import { verifyStatsBundle } from '../shared/node/statsBundle';
import { STATS_RECEIPT_FORMAT, type StatsReceipt, type StatsReceiptOffice } from '../shared/sync';
import { DEFAULT_PLAUSIBILITY, implausibleEvents, type PlausibilityRules } from './plausibility';
import type { Device, ServerStore } from './store/types';

export class BundleImportError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; issue: string }[] = [],
  ) {
    super(message);
    this.name = 'BundleImportError';
  }
}

export interface ImportBundleResult {
  fingerprint: string;
  /** The enrolled device the key belongs to; null for a key trusted on the command line only. */
  device: Device | null;
  events: number;
  /** Ids now held with this content (new or already there from an upload or an earlier import). */
  stored: number;
  /** Of these, newly held in quarantine (implausible dates or times; see `admin quarantine`). */
  quarantined: number;
  conflicts: string[];
  /** Per office of the file: new vs already held (what the admin is told, and the receipt's table). */
  offices: StatsReceiptOffice[];
  /** The receipt to hand back to the device (admin import-bundle --receipt FILE). */
  receipt: StatsReceipt;
}

/** Events per transaction: importing is idempotent, so a large file may be stored in parts. */
const CHUNK = 1000;

/**
 * Imports an offline statistics file (docs/sync.md "Offline statistics file"): the signature
 * must be good, the key an enrolled device's (not revoked) or explicitly trusted, and a
 * device's events all for its offices (unless the administrator trusts the key: travelling staff). Stored through the same idempotent path as an
 * upload, so importing twice, or importing and then syncing, counts each event once.
 */
export async function importStatsBundle(
  store: ServerStore,
  text: string,
  options: { trustedFingerprints?: readonly string[]; now?: () => Date; plausibility?: PlausibilityRules } = {},
): Promise<ImportBundleResult> {
  const verified = verifyStatsBundle(text);
  if (!verified.ok) throw new BundleImportError(verified.message, verified.issues);
  const bundle = verified.bundle;
  const fingerprint = bundle.keyFingerprint;
  const trusted = (options.trustedFingerprints ?? []).map((f) => f.toLowerCase()).includes(fingerprint);

  const device = await store.deviceByFingerprint(fingerprint);
  if (device?.revokedAt && !trusted)
    throw new BundleImportError(`the key ${fingerprint} belongs to the revoked device ${device.id}`);
  if (!device && !trusted)
    throw new BundleImportError(
      `the key ${fingerprint} is not registered to any device; check the fingerprint shown next to the export and pass --trust ${fingerprint}`,
    );
  if (device && device.publicKeyPem.trim() !== bundle.publicKeyPem.trim() && !trusted)
    throw new BundleImportError(`the key ${fingerprint} does not match the key enrolled for device ${device.id}`);
  // Travelling staff carry one computer to several offices: its file may hold their events
  // too, accepted when the administrator vouches for the key with --trust.
  if (device && !trusted) {
    const foreign = bundle.events.find((e) => !device.officeIds.includes(e.officeId));
    if (foreign)
      throw new BundleImportError(
        `event ${foreign.id} is for office ${foreign.officeId}, which is not among the offices of device ${device.id} (${device.officeIds.join(', ')}); add it with device-offices --device ${device.id} --add ${foreign.officeId}, or pass --trust ${fingerprint}`,
      );
  }

  const now = (options.now ?? (() => new Date()))();
  const receivedAt = now.toISOString();
  let stored = 0;
  const conflicts: string[] = [];
  let quarantined = 0;
  const held: string[] = [];
  const officeOf = new Map(bundle.events.map((e) => [e.id, e.officeId]));
  const perOffice = new Map<string, StatsReceiptOffice>();
  const tally = (id: string, field: 'events' | 'new' | 'alreadyHeld' | 'quarantined' | 'conflicts') => {
    const officeId = officeOf.get(id)!;
    let row = perOffice.get(officeId);
    if (!row) {
      row = { officeId, events: 0, new: 0, alreadyHeld: 0, quarantined: 0, conflicts: 0 };
      perOffice.set(officeId, row);
    }
    row[field]++;
  };
  for (const id of new Set(bundle.events.map((e) => e.id))) tally(id, 'events');
  for (let i = 0; i < bundle.events.length; i += CHUNK) {
    const events = bundle.events.slice(i, i + CHUNK);
    const result = await store.insertEvents({
      deviceId: device?.id ?? null,
      source: 'bundle',
      events,
      // The same plausibility as an upload: implausible events are held for review, not counted.
      quarantine: implausibleEvents(events, now, options.plausibility ?? DEFAULT_PLAUSIBILITY),
      receivedAt,
      // A file has no send time comparable with this clock (it may be imported days later).
      clockSkewSeconds: 0,
    });
    stored += result.stored.length;
    quarantined += result.quarantined.length;
    conflicts.push(...result.conflicts);
    held.push(...result.stored);
    const fresh = new Set(result.added);
    for (const id of result.stored) tally(id, fresh.has(id) ? 'new' : 'alreadyHeld');
    for (const id of result.quarantined) tally(id, 'quarantined');
    for (const id of result.conflicts) tally(id, 'conflicts');
  }
  const offices = [...perOffice.values()].sort((a, b) => a.officeId.localeCompare(b.officeId));
  const receipt: StatsReceipt = {
    format: STATS_RECEIPT_FORMAT,
    importedAt: receivedAt,
    keyFingerprint: fingerprint,
    bundleCreatedAt: bundle.createdAt,
    offices,
    held,
  };
  return { fingerprint, device, events: bundle.events.length, stored, quarantined, conflicts, offices, receipt };
}
