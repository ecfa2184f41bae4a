import { generateKeyPairSync } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { HostLog } from '../host';
import type { SecretStore } from './secretStore';
import { keyFingerprint } from '../../../shared/node/keyFingerprint';
import { readSyncSettings, writeSyncSettings } from './syncSettings';

export interface DeviceKey {
  privateKeyPem: string;
  publicKeyPem: string;
  fingerprint: string;
}

/**
 * The device's Ed25519 key that signs its offline statistics files, made on first need:
 * the private half in the SecretStore, the public half and its fingerprint in settings
 * (registered with the service at enrollment).
 */
export async function deviceKey(db: Database, secrets: SecretStore, log?: HostLog): Promise<DeviceKey> {
  const s = readSyncSettings(db);
  let stored: string | null = null;
  try {
    stored = await secrets.load('device-key');
  } catch (err) {
    // A keyring that is only slow, or locked or gone for now, may answer later; never trade
    // the registered key for that.
    if (/did not answer|unavailable/.test((err as Error).message)) throw err;
    // Unreadable here (the data folder moved to another user or machine): a new key. The
    // administrator then imports its files with --trust and the fingerprint shown.
    log?.({ level: 'error', msg: `device key unreadable, making a new one: ${(err as Error).message}` });
  }
  if (stored && s.publicKeyPem && s.keyFingerprint)
    return { privateKeyPem: stored, publicKeyPem: s.publicKeyPem, fingerprint: s.keyFingerprint };
  const pair = generateKeyPairSync('ed25519');
  const privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const fingerprint = keyFingerprint(publicKeyPem);
  await secrets.save('device-key', privateKeyPem);
  writeSyncSettings(db, { publicKeyPem, keyFingerprint: fingerprint });
  return { privateKeyPem, publicKeyPem, fingerprint };
}
