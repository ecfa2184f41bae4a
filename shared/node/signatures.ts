import { createPublicKey, verify } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../canonicalJson';
import { KeyIdSchema, SignatureSchema, type Signature } from '../signatureSchema';

/**
 * Ed25519 signatures of what a publisher hands out (guide packages, the office registry):
 * the signature covers the UTF-8 bytes of canonical JSON, so re-formatting a file never
 * breaks it and changing one text always does. The desktop checks them against its
 * trusted keys; the service checks a file's shape before it publishes it. Signing itself
 * is the publisher's (./publisherSigning.ts), never the product's.
 */
export const SIGNED_PACKAGE_FORMAT = 'lucka-guide-package-signed/1';

export interface TrustedKey {
  keyId: string;
  publicKeyPem: string;
}

export type SignatureRejection = 'bad_format' | 'unknown_key' | 'bad_signature';

/** `package` is only known to be what the key holder signed: the caller still validates it. */
export type VerifyResult = { ok: true; package: unknown; keyId: string } | { ok: false; reason: SignatureRejection };

export const TrustedKeysSchema = z.array(z.object({ keyId: KeyIdSchema, publicKeyPem: z.string().min(1) }).strict());

/** The file a publisher hands out for import: a package and its signature. */
export const SignedPackageFileSchema = z
  .object({
    format: z.literal(SIGNED_PACKAGE_FORMAT),
    package: z.record(z.string(), z.unknown()),
    signature: SignatureSchema,
  })
  .strict();
export type SignedPackageFile = z.infer<typeof SignedPackageFileSchema>;

/**
 * Whether `signature` is a trusted key's signature over the canonical JSON of `signed`.
 * The one signature check of the app: packages and the registry both come through here.
 */
export function verifySigned(
  signed: unknown,
  signature: Signature,
  trustedKeys: readonly TrustedKey[],
): { ok: true; keyId: string } | { ok: false; reason: SignatureRejection } {
  const key = trustedKeys.find((k) => k.keyId === signature.keyId);
  if (!key) return { ok: false, reason: 'unknown_key' };
  let publicKey;
  try {
    publicKey = createPublicKey(key.publicKeyPem);
  } catch {
    // A trusted key that does not parse trusts nothing.
    return { ok: false, reason: 'unknown_key' };
  }
  let data: Buffer;
  try {
    data = Buffer.from(canonicalJson(signed), 'utf8');
  } catch {
    // Nesting deep enough to overflow the stack: no publisher writes that.
    return { ok: false, reason: 'bad_format' };
  }
  let good = false;
  try {
    good = verify(null, data, publicKey, Buffer.from(signature.ed25519, 'base64'));
  } catch {
    good = false;
  }
  return good ? { ok: true, keyId: key.keyId } : { ok: false, reason: 'bad_signature' };
}

/** Checks the envelope and the signature against the trusted keys; says nothing yet about the package itself. */
export function verifySignedPackage(json: unknown, trustedKeys: readonly TrustedKey[]): VerifyResult {
  const parsed = SignedPackageFileSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'bad_format' };
  const { package: pkg, signature } = parsed.data;
  const checked = verifySigned(pkg, signature, trustedKeys);
  return checked.ok ? { ok: true, package: pkg, keyId: checked.keyId } : checked;
}
