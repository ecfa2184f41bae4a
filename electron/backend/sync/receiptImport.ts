import type { ReceiptResult } from '../../../shared/apiResults';
import { AppError } from '../../../shared/errors';
import { StatsReceiptSchema } from '../../../shared/sync';
import type { StoreContext } from '../context';
import { readSyncSettings } from './syncSettings';

/**
 * Settings → "Läs in kvitto": the receipt the admin wrote when importing this device's
 * statistics file (docs/sync.md). The events it names stop being listed as waiting and are
 * left out of the next file; the uploader still sends them at the next sync, where the
 * service's own answer marks them sent (a receipt is not signed, so it can hide a wait,
 * never lose an event).
 */
export function importReceipt(ctx: StoreContext, content: string): ReceiptResult {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new AppError('SYNC_RECEIPT_INVALID', [{ path: 'content', issue: 'not_json' }]);
  }
  const parsed = StatsReceiptSchema.safeParse(json);
  if (!parsed.success)
    throw new AppError('SYNC_RECEIPT_INVALID', [
      { path: 'content', issue: parsed.error.issues[0]?.path.join('.') || 'format' },
    ]);
  const receipt = parsed.data;
  const own = readSyncSettings(ctx.store.db).keyFingerprint;
  if (!own || receipt.keyFingerprint !== own)
    throw new AppError('SYNC_RECEIPT_OTHER_DEVICE', [{ path: 'content', issue: 'key_fingerprint' }]);
  const at = ctx.now().toISOString();
  const acknowledged = ctx.write(() => ctx.outbox.markReceipted(receipt.held, at));
  return {
    acknowledged,
    offices: receipt.offices.map(({ officeId, events, new: added, alreadyHeld }) => ({
      officeId,
      events,
      new: added,
      alreadyHeld,
    })),
  };
}
