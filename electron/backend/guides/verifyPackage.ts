import type { GuidePackage } from '../../../shared/guide';
import { parsePackage, validatePackage, type GuideIssue } from '../../../shared/guideValidate';
import { computeContentHash } from '../../../shared/node/packageHash';
import { verifySignedPackage, type SignatureRejection, type TrustedKey } from '../../../shared/node/signatures';

/** A signed package file larger than this is refused before parsing (real packages are a few hundred kB). */
export const MAX_SIGNED_PACKAGE_BYTES = 2 * 1024 * 1024;

export type PackageRejection = 'too_large' | 'not_json' | SignatureRejection | 'invalid_package' | 'hash_mismatch';

export type PackageCheck =
  { ok: true; package: GuidePackage } | { ok: false; reason: PackageRejection; issues?: GuideIssue[] };

/**
 * How much to check: 'full' for a package arriving (shipped or imported: the authoring
 * validator walks every path), 'integrity' for one read back from the store's own folder,
 * which was checked in full when it was installed (schema and hash only).
 */
export type CheckDepth = 'full' | 'integrity';

/** A package is usable when the validator accepts it and its content is what its hash says. */
export function checkPackage(raw: unknown, depth: CheckDepth = 'full'): PackageCheck {
  const { package: pkg, issues } = depth === 'full' ? validatePackage(raw) : parsePackage(raw);
  if (!pkg) return { ok: false, reason: 'invalid_package', issues };
  // Hashed from the raw object: the bytes the publisher hashed, whatever the schema makes of them.
  if (computeContentHash(raw as object) !== pkg.contentHash) return { ok: false, reason: 'hash_mismatch' };
  return { ok: true, package: pkg };
}

/** The whole check of a signed file, cheapest refusals first: size, JSON, envelope, key, signature, package, hash. */
export function openSignedPackage(
  text: string,
  trustedKeys: readonly TrustedKey[],
  maxBytes = MAX_SIGNED_PACKAGE_BYTES,
  depth: CheckDepth = 'full',
): PackageCheck {
  if (text.length > maxBytes || Buffer.byteLength(text, 'utf8') > maxBytes) return { ok: false, reason: 'too_large' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  const signed = verifySignedPackage(json, trustedKeys);
  if (!signed.ok) return signed;
  return checkPackage(signed.package, depth);
}

/** A plain package file (shipped inside the app, so not signed): JSON, valid, hash right. */
export function openPlainPackage(text: string, depth: CheckDepth = 'full'): PackageCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  return checkPackage(json, depth);
}
