import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonicalJson';

/**
 * sha256 (hex) of the canonical JSON of a package without its `contentHash`: the same
 * bytes whatever the file's formatting or key order. Takes any object, so the tooling
 * can hash a raw file before it is known to be a valid package.
 */
export function computeContentHash(pkg: object): string {
  const { contentHash: _ignored, ...content } = pkg as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}
