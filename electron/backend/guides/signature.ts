import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../../shared/canonicalJson';
import type { GuidePackage } from '../../../shared/guide';

/**
 * The file a publisher hands out for import: the package and an Ed25519 signature over
 * the UTF-8 bytes of its canonical JSON (content hash included), so re-formatting the
 * file never breaks the signature and changing one text always does.
 */
export const SIGNED_PACKAGE_FORMAT = 'lucka-guide-package-signed/1';

export interface TrustedKey {
  keyId: string;
  publicKeyPem: string;
}

export interface SignedPackageFile {
  format: typeof SIGNED_PACKAGE_FORMAT;
  package: unknown;
  signature: { keyId: string; ed25519: string };
}

export type SignatureRejection = 'bad_format' | 'unknown_key' | 'bad_signature';

/** `package` is only known to be what the key holder signed: the caller still validates it. */
export type VerifyResult = { ok: true; package: unknown; keyId: string } | { ok: false; reason: SignatureRejection };

const KeyId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
/** An Ed25519 signature is 64 bytes: 88 base64 characters with padding. */
const Ed25519Base64 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);

export const TrustedKeysSchema = z.array(z.object({ keyId: KeyId, publicKeyPem: z.string().min(1) }).strict());

const SignedPackageFileSchema = z
  .object({
    format: z.literal(SIGNED_PACKAGE_FORMAT),
    package: z.record(z.string(), z.unknown()),
    signature: z.object({ keyId: KeyId, ed25519: Ed25519Base64 }).strict(),
  })
  .strict();

/** Key ids are derived from the key (first 16 hex of sha256 of the SPKI DER), so a publisher cannot mislabel one. */
export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function signPackage(pkg: GuidePackage, privateKeyPem: string, keyId: string): SignedPackageFile {
  const signature = sign(null, Buffer.from(canonicalJson(pkg), 'utf8'), createPrivateKey(privateKeyPem));
  return { format: SIGNED_PACKAGE_FORMAT, package: pkg, signature: { keyId, ed25519: signature.toString('base64') } };
}

/** Checks the envelope and the signature against the trusted keys; says nothing yet about the package itself. */
export function verifySignedPackage(json: unknown, trustedKeys: readonly TrustedKey[]): VerifyResult {
  const parsed = SignedPackageFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'bad_format' };
  const { package: pkg, signature } = parsed.data;
  const key = trustedKeys.find((k) => k.keyId === signature.keyId);
  if (!key) return { ok: false, reason: 'unknown_key' };
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(key.publicKeyPem);
  } catch {
    // A trusted key that does not parse trusts nothing.
    return { ok: false, reason: 'unknown_key' };
  }
  let data: Buffer;
  try {
    data = Buffer.from(canonicalJson(pkg), 'utf8');
  } catch {
    // Nesting deep enough to overflow the stack: no publisher writes that.
    return { ok: false, reason: 'bad_format' };
  }
  const good = verify(null, data, publicKey, Buffer.from(signature.ed25519, 'base64'));
  return good ? { ok: true, package: pkg, keyId: key.keyId } : { ok: false, reason: 'bad_signature' };
}
