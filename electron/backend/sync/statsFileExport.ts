import { bundleOffices } from '../../../shared/sync';
import type { StatsBundleFile } from '../../../shared/apiResults';
import { AppError } from '../../../shared/errors';
import type { StoreContext } from '../context';
import type { HostLog } from '../host';
import { deviceKey } from './deviceKey';
import type { SecretStore } from './secretStore';
import { signStatsBundle } from '../../../shared/node/statsBundle';

/**
 * "Exportera statistikfil": every waiting event, of every office, signed with the device
 * key; its name and content name the offices. They stay pending: if the file is lost nothing is; if it is imported and the
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
  // The name says whose events it holds (the content says it too, under the signature).
  const offices = bundle.offices ?? bundleOffices(events);
  return {
    fileName: `lucka-statistik-${fileNameOffices(offices)}-${stamp}-${key.fingerprint.slice(0, 8)}.json`,
    mimeType: 'application/json',
    base64: bytes.toString('base64'),
    bytes: bytes.length,
    events: events.length,
    offices,
    keyFingerprint: key.fingerprint,
  };
}

/** Up to three office ids in the name ("tingsryd_vaxjo-araby": ids hold dashes, so offices are joined by _); more as a count ("5-kontor"). */
export function fileNameOffices(offices: readonly string[]): string {
  return offices.length <= 3 ? offices.join('_') : `${offices.length}-kontor`;
}
