import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../canonicalJson';
import { keyFingerprint } from './keyFingerprint';
import { bundleOffices, STATS_BUNDLE_FORMAT, StatsBundleSchema, type StatsBundle, type StatsEvent } from '../sync';

/**
 * The offline statistics file (`lucka-stats-bundle/2`, docs/sync.md; format 1 files are still read): written by the desktop,
 * verified by the central service's import.
 */

/** The bytes the signature covers: every field but the signature, as canonical JSON. */
function signedBytes(b: Omit<StatsBundle, 'signature'>): Buffer {
  const { format, createdAt, keyFingerprint: fp, publicKeyPem, offices, events } = b;
  const signed =
    format === 'lucka-stats-bundle/1'
      ? { format, createdAt, keyFingerprint: fp, publicKeyPem, events }
      : { format, createdAt, keyFingerprint: fp, publicKeyPem, offices, events };
  return Buffer.from(canonicalJson(signed), 'utf8');
}

/** Signs the events with the device's Ed25519 key; returns the bundle (JSON.stringify it to write the file). */
export function signStatsBundle(
  events: readonly StatsEvent[],
  privateKey: string | KeyObject,
  publicKeyPem: string,
  createdAt: string,
): StatsBundle {
  const unsigned: Omit<StatsBundle, 'signature'> = {
    format: STATS_BUNDLE_FORMAT,
    createdAt,
    keyFingerprint: keyFingerprint(publicKeyPem),
    publicKeyPem,
    offices: bundleOffices(events),
    events: [...events],
  };
  const signature = sign(null, signedBytes(unsigned), privateKey).toString('base64');
  return { ...unsigned, signature };
}

export type BundleRejection = 'not_json' | 'bad_format' | 'bad_key' | 'fingerprint_mismatch' | 'bad_signature';

export type VerifyBundleResult =
  | { ok: true; bundle: StatsBundle }
  | { ok: false; reason: BundleRejection; message: string; issues?: { path: string; issue: string }[] };

/**
 * Checks the file's shape (every event against the contract), that the fingerprint is the
 * embedded key's and that the signature is good. Says nothing about whether the key is
 * trusted: that is the importer's decision (an enrolled device, or --trust).
 */
export function verifyStatsBundle(text: string): VerifyBundleResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not_json', message: 'the file is not JSON' };
  }
  const parsed = StatsBundleSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), issue: i.message }));
    return { ok: false, reason: 'bad_format', message: `not a valid ${STATS_BUNDLE_FORMAT} (or /1) file`, issues };
  }
  const bundle = parsed.data;
  let key: KeyObject;
  try {
    key = createPublicKey(bundle.publicKeyPem);
  } catch {
    return { ok: false, reason: 'bad_key', message: 'the public key does not parse' };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { ok: false, reason: 'bad_key', message: 'not an Ed25519 key' };
  if (keyFingerprint(key) !== bundle.keyFingerprint)
    return { ok: false, reason: 'fingerprint_mismatch', message: 'the fingerprint is not that of the embedded key' };
  const good = verify(null, signedBytes(bundle), key, Buffer.from(bundle.signature, 'base64'));
  if (!good) return { ok: false, reason: 'bad_signature', message: 'the signature does not match the content' };
  return { ok: true, bundle };
}
