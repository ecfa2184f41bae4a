import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../canonicalJson';
import type { GuidePackage } from '../guide';
import { SIGNED_REGISTRY_FORMAT } from '../offices';
import { keyFingerprint } from './keyFingerprint';
import { computeContentHash } from './packageHash';
import { SIGNED_PACKAGE_FORMAT, type SignedPackageFile } from './signatures';

/**
 * The publisher's side of signatures.ts: used by `npm run guides:sign` / `registry:sign`
 * and by tests that play the publisher. The app and the service never sign (the
 * architecture test holds that), so a private key has no reason to be near them.
 */

function privateKeyOf(privateKey: string | KeyObject): KeyObject {
  return typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
}

/** The key id of a private key's public half: what a publisher puts in the signature. */
export function keyIdOfPrivate(privateKey: string | KeyObject): string {
  return keyFingerprint(createPublicKey(privateKeyOf(privateKey)));
}

/** The package with its content hash set, as a publisher ships it. */
export function withContentHash<T extends object>(pkg: T): T & { contentHash: string } {
  return { ...pkg, contentHash: computeContentHash(pkg) };
}

/** Signs a package (its content hash included) as `lucka-guide-package-signed/1`. */
export function signPackage(
  pkg: GuidePackage | Record<string, unknown>,
  privateKey: string | KeyObject,
  keyId: string = keyIdOfPrivate(privateKey),
): SignedPackageFile {
  const signature = sign(null, Buffer.from(canonicalJson(pkg), 'utf8'), privateKeyOf(privateKey));
  return {
    format: SIGNED_PACKAGE_FORMAT,
    package: pkg as Record<string, unknown>,
    signature: { keyId, ed25519: signature.toString('base64') },
  };
}

/** Signs an office registry at a version as `lucka-office-registry-signed/1`: over canonical { registry, version }. */
export function signRegistry(
  registry: unknown,
  version: number,
  privateKey: string | KeyObject,
  keyId: string = keyIdOfPrivate(privateKey),
) {
  const signature = sign(null, Buffer.from(canonicalJson({ registry, version }), 'utf8'), privateKeyOf(privateKey));
  return {
    format: SIGNED_REGISTRY_FORMAT,
    version,
    registry,
    signature: { keyId, ed25519: signature.toString('base64') },
  };
}
