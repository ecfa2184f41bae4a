import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { GuidePackageIdSchema } from '../../../shared/guide';
import { writeFileAtomic } from './atomicFile';

/**
 * The index is the commit point of an install: a package file counts only once the index
 * lists it, so a crash after the package file's rename but before the index's leaves the
 * old index, and with it the old active package.
 */
export const INDEX_FILE = 'index.json';

export type PackageSource = 'shipped' | 'imported';

const IndexEntrySchema = z
  .object({
    id: GuidePackageIdSchema,
    version: z.number().int().positive(),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
    source: z.enum(['shipped', 'imported']),
  })
  .strict();
export type IndexEntry = z.infer<typeof IndexEntrySchema>;

const IndexSchema = z.object({ format: z.literal(1), packages: z.array(IndexEntrySchema) }).strict();

/**
 * File names are derived from id, version and source, never read from the index, so a
 * damaged index cannot point outside the folder. Imported packages keep their signed
 * envelope (`skv-4.signed.json`): a rebuild can check the signature again.
 */
export function packageFileName(ref: { id: string; version: number; source: PackageSource }): string {
  return `${ref.id}-${ref.version}${ref.source === 'imported' ? '.signed' : ''}.json`;
}

const FILE_NAME = /^(af|fk|mv|pm|skv)-([1-9][0-9]{0,8})(\.signed)?\.json$/;

export function parsePackageFileName(
  name: string,
): { id: IndexEntry['id']; version: number; source: PackageSource } | null {
  const match = FILE_NAME.exec(name);
  if (!match) return null;
  return {
    id: match[1] as IndexEntry['id'],
    version: Number(match[2]),
    source: match[3] ? 'imported' : 'shipped',
  };
}

/** The entries, or 'missing' / 'corrupt' (unreadable, not JSON, not the format) for the caller to rebuild. */
export function readIndex(dir: string): IndexEntry[] | 'missing' | 'corrupt' {
  const file = join(dir, INDEX_FILE);
  if (!existsSync(file)) return 'missing';
  try {
    const parsed = IndexSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.packages : 'corrupt';
  } catch {
    return 'corrupt';
  }
}

export function writeIndex(dir: string, entries: readonly IndexEntry[]): void {
  const sorted = [...entries].sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  writeFileAtomic(join(dir, INDEX_FILE), `${JSON.stringify({ format: 1, packages: sorted }, null, 2)}\n`);
}
