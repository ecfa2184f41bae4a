import { SIGNED_PACKAGE_FORMAT, SignedPackageFileSchema } from '../shared/node/signatures';
import { computeContentHash } from '../shared/node/packageHash';
import { GuidePackageSchema } from '../shared/guide';
import { OfficeRegistrySchema, SIGNED_REGISTRY_FORMAT, SignedRegistryFileSchema } from '../shared/offices';
import { sha256Hex } from './auth';
import type { PublishedGuide, PublishedRegistry } from './store/types';

export class PublishError extends Error {}

/**
 * A signed guide package file as `npm run guides:sign` writes it, ready to publish: the
 * envelope, a valid package and a content hash that matches. The signature itself is
 * checked by each desktop against its trusted keys; the service serves the text unchanged.
 */
export function guideForPublishing(text: string, publishedAt: string): PublishedGuide {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PublishError('the file is not JSON');
  }
  const envelope = SignedPackageFileSchema.safeParse(json);
  if (!envelope.success) throw new PublishError(`not a signed guide package file (${SIGNED_PACKAGE_FORMAT})`);
  const pkg = GuidePackageSchema.safeParse(envelope.data.package);
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
 * A signed office registry as `npm run registry:sign` writes it: the envelope and a valid
 * registry. As with guides, each desktop checks the signature against its trusted keys.
 */
export function registryForPublishing(text: string, publishedAt: string): PublishedRegistry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PublishError('the file is not JSON');
  }
  const envelope = SignedRegistryFileSchema.safeParse(json);
  if (!envelope.success)
    throw new PublishError(
      `not a signed office registry (${SIGNED_REGISTRY_FORMAT}); sign it with npm run registry:sign`,
    );
  const registry = OfficeRegistrySchema.safeParse(envelope.data.registry);
  if (!registry.success)
    throw new PublishError(
      `the registry is not valid: ${registry.error.issues[0]?.path.join('.')} ${registry.error.issues[0]?.message}`,
    );
  return { hash: sha256Hex(text), text, publishedAt };
}
