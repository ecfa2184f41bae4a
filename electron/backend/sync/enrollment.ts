import { readSetup } from '../../../db/settings';
import { AppError } from '../../../shared/errors';
import type { StoreContext } from '../context';
import type { HostLog } from '../host';
import { deviceKey } from './deviceKey';
import type { SecretStore } from './secretStore';
import { parseServerAddress } from './serverAddress';
import { SyncClient, type CallResult } from './syncClient';
import { writeSyncSettings } from './syncSettings';

/** Why enrollment failed, as the detail the Settings view explains in Swedish. */
function failureIssue(reply: Exclude<CallResult<unknown>, { kind: 'ok' }>): string {
  if (reply.kind === 'network') return 'offline';
  if (reply.kind === 'timeout') return 'timeout';
  if (reply.kind === 'http' && reply.status === 409 && reply.details?.[0]?.issue.startsWith('other_office:'))
    return reply.details[0].issue;
  // An active device at the service already has this computer's key: its old connection must be revoked first.
  if (reply.kind === 'http' && reply.status === 409 && reply.details?.[0]?.issue === 'key_in_use') return 'key_in_use';
  if (reply.kind === 'http' && reply.status === 422 && reply.code === 'ENROLLMENT_CODE_INVALID') return 'code_invalid';
  if (reply.kind === 'http' && reply.status === 429) return 'rate_limited';
  return 'server_error';
}

/**
 * Settings → "Anslut": trades a one-time code for a device token, registering the key that
 * signs the device's offline files. The token goes to the SecretStore; the service's
 * address, the device id and the office to settings. Throws AppError with the reason.
 */
export async function enrollWithService(
  deps: { ctx: StoreContext; secrets: SecretStore; log?: HostLog; timeoutMs: number; fetch?: typeof fetch },
  input: { serverUrl: string; code: string; deviceName: string },
): Promise<void> {
  const db = deps.ctx.store.db;
  const address = parseServerAddress(input.serverUrl);
  if (!address.ok) throw new AppError('SYNC_ADDRESS_INVALID', [{ path: 'serverUrl', issue: address.problem }]);
  const key = await deviceKey(db, deps.secrets, deps.log);
  const client = new SyncClient({ baseUrl: address.url, timeoutMs: deps.timeoutMs, fetch: deps.fetch });
  const setupOffice = readSetup(db)?.officeId;
  const request = { code: input.code, deviceName: input.deviceName, devicePublicKey: key.publicKeyPem };
  let reply = await client.enroll(setupOffice ? { ...request, officeId: setupOffice } : request);
  // A service from before the office check refuses the unknown field: ask it the old way
  // (the office is then checked here, after the answer).
  if (reply.kind === 'http' && reply.status === 422 && reply.details?.some((d) => d.path === 'officeId'))
    reply = await client.enroll(request);
  if (reply.kind !== 'ok') throw new AppError('SYNC_ENROLL_FAILED', [{ path: 'code', issue: failureIssue(reply) }]);
  if (setupOffice && reply.body.officeId !== setupOffice)
    throw new AppError('SYNC_ENROLL_FAILED', [{ path: 'code', issue: `other_office:${reply.body.officeId}` }]);
  await deps.secrets.save('sync-token', reply.body.token);
  writeSyncSettings(db, {
    serverUrl: address.url,
    deviceId: reply.body.deviceId,
    officeId: reply.body.officeId,
    deviceName: input.deviceName,
    revoked: false,
    lastErrorCode: null,
    lastErrorAt: null,
    guidesEtag: null,
    lastDownSyncAt: null,
  });
}
