import { sign } from 'node:crypto';
import { readSetup } from '../../../db/settings';
import { enrollProofText } from '../../../shared/sync';
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
  // The proof that this computer holds its key: enrolled before (another code, more offices),
  // the service replaces its earlier device instead of refusing the key or keeping a twin.
  const proof = sign(null, Buffer.from(enrollProofText(input.code, input.deviceName), 'utf8'), key.privateKeyPem);
  let reply = await client.enroll({
    ...request,
    proof: proof.toString('base64'),
    ...(setupOffice ? { officeId: setupOffice } : {}),
  });
  // A service from before the office check (or the proof) refuses the unknown field: ask it
  // the old way (the office is then checked here, after the answer).
  if (
    reply.kind === 'http' &&
    reply.status === 422 &&
    reply.details?.some((d) => d.path === 'officeId' || (d.path === 'proof' && d.issue !== 'bad_signature'))
  )
    reply = await client.enroll(request);
  if (reply.kind !== 'ok') throw new AppError('SYNC_ENROLL_FAILED', [{ path: 'code', issue: failureIssue(reply) }]);
  const officeIds = reply.body.officeIds ?? [reply.body.officeId];
  if (setupOffice && !officeIds.includes(setupOffice))
    throw new AppError('SYNC_ENROLL_FAILED', [{ path: 'code', issue: `other_office:${reply.body.officeId}` }]);
  await deps.secrets.save('sync-token', reply.body.token);
  writeSyncSettings(db, {
    serverUrl: address.url,
    deviceId: reply.body.deviceId,
    officeId: reply.body.officeId,
    officeIds: officeIds.join(','),
    officeSyncedAt: null,
    deviceName: input.deviceName,
    revoked: false,
    lastErrorCode: null,
    lastErrorAt: null,
    guidesEtag: null,
    lastDownSyncAt: null,
  });
}
