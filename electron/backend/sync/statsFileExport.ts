import { readSetup } from '../../../db/settings';
import type { StatsBundleFile } from '../../../shared/apiResults';
import { AppError } from '../../../shared/errors';
import type { StoreContext } from '../context';
import type { HostLog } from '../host';
import { deviceKey } from './deviceKey';
import type { SecretStore } from './secretStore';
import { signStatsBundle } from '../../../shared/node/statsBundle';

/**
 * "Exportera statistikfil": every pending event, of every office, signed with the device
 * key. They stay pending: if the file is lost nothing is; if it is imported and the
 * device later syncs too, the service counts each event once.
 */
export async function exportStatsFile(
  ctx: StoreContext,
  secrets: SecretStore,
  log?: HostLog,
): Promise<StatsBundleFile> {
  const events = ctx.outbox.allPending();
  if (events.length === 0) throw new AppError('SYNC_NOTHING_PENDING');
  const key = await deviceKey(ctx.store.db, secrets, log);
  const now = ctx.now();
  const bundle = signStatsBundle(events, key.privateKeyPem, key.publicKeyPem, now.toISOString());
  const bytes = Buffer.from(JSON.stringify(bundle), 'utf8');
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const office = readSetup(ctx.store.db)?.officeId ?? 'lucka';
  return {
    fileName: `lucka-statistik-${office}-${stamp}-${key.fingerprint.slice(0, 8)}.json`,
    mimeType: 'application/json',
    base64: bytes.toString('base64'),
    bytes: bytes.length,
    events: events.length,
    keyFingerprint: key.fingerprint,
  };
}
