import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { computeContentHash } from '../shared/node/packageHash';
import { verifySignedRegistry, type RegistryRejection } from '../shared/node/registrySignature';
import {
  SIGNED_PACKAGE_FORMAT,
  TrustedKeysSchema,
  verifySignedPackage,
  type SignatureRejection,
  type TrustedKey,
} from '../shared/node/signatures';
import { bundledTrustedKeys } from '../shared/node/trustedKeys';
import { GuidePackageSchema } from '../shared/guide';
import { SIGNED_REGISTRY_FORMAT } from '../shared/offices';
import { sha256Hex } from './auth';
import type { PublishedGuide, PublishedRegistry } from './store/types';

export class PublishError extends Error {}

/**
 * The publisher keys a file must be signed with to be published: the app's own trusted keys
 * (assets/guides/trusted-keys.json, what every desktop checks against), or a file of the
 * same shape given with --trusted-keys (a test or staging publisher).
 */
export function publishingKeys(file: string | undefined): TrustedKey[] {
  if (!file) return bundledTrustedKeys();
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (err) {
    throw new PublishError(`cannot read the trusted keys ${file}: ${(err as Error).message}`);
  }
  const keys = TrustedKeysSchema.safeParse(json);
  if (!keys.success) throw new PublishError(`${file} is not a list of trusted keys ({ keyId, publicKeyPem })`);
  return keys.data;
}

const REJECTION: Record<SignatureRejection | RegistryRejection, string> = {
  not_json: 'the file is not JSON',
  bad_format: 'not a signed file of this kind',
  unknown_key: 'signed with a key that is not trusted',
  bad_signature: 'the signature does not match the content (altered, or signed with another key)',
  invalid_registry: 'the registry is not valid',
};

/**
 * A signed guide package file as `npm run guides:sign` writes it, ready to publish: the
 * signature good against a trusted key (so the service never hands out a file every desktop
 * would refuse), a valid package and a content hash that matches. Served byte for byte.
 */
export function guideForPublishing(
  text: string,
  publishedAt: string,
  trustedKeys: readonly TrustedKey[],
): PublishedGuide {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PublishError('the file is not JSON');
  }
  const verified = verifySignedPackage(json, trustedKeys);
  if (!verified.ok)
    throw new PublishError(
      verified.reason === 'bad_format'
        ? `not a signed guide package file (${SIGNED_PACKAGE_FORMAT})`
        : `${REJECTION[verified.reason]}; nothing was published`,
    );
  const pkg = GuidePackageSchema.safeParse(verified.package);
  if (!pkg.success) {
    const first = pkg.error.issues[0];
    throw new PublishError(`the package is not valid: ${first?.path.join('.')}: ${first?.message}`);
  }
  if (computeContentHash(pkg.data) !== pkg.data.contentHash)
    throw new PublishError('the package content hash does not match its content');
  return {
    packageId: pkg.data.id,
    version: pkg.data.version,
    hash: `sha256:${pkg.data.contentHash}`,
    text,
    publishedAt,
  };
}

/**
 * A signed office registry as `npm run registry:sign` writes it: the signature good against
 * a trusted key and a valid registry, checked exactly as a desktop checks it on download.
 */
export function registryForPublishing(
  text: string,
  publishedAt: string,
  trustedKeys: readonly TrustedKey[],
): PublishedRegistry & { version: number } {
  const verified = verifySignedRegistry(text, trustedKeys);
  if (!verified.ok)
    throw new PublishError(
      verified.reason === 'bad_format' || verified.reason === 'not_json'
        ? `not a signed office registry (${SIGNED_REGISTRY_FORMAT}); sign it with npm run registry:sign`
        : `${REJECTION[verified.reason]}; nothing was published`,
    );
  return { hash: sha256Hex(text), text, publishedAt, version: verified.version };
}

/** The version inside a published registry file (published files verified, so it is there). */
export function publishedRegistryVersion(text: string): number {
  const version = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === 'number' ? version : 0;
}
