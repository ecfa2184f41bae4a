import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * The one rule for naming a public key: the first 16 hex characters of the sha256 of its
 * SPKI DER. Guide publisher key ids, device key fingerprints (offline statistics files,
 * enrollment) all use it, so a key is known by the same name everywhere.
 */
export function keyFingerprint(publicKey: string | KeyObject): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const der = key.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}
