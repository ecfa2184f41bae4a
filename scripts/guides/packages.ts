import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Capability, OfficeKind } from '../../shared/domain';
import { OfficeRegistrySchema } from '../../shared/offices';

/** Where the app's shipped guide packages and office registry live, relative to the repository. */
export const GUIDES_DIR = 'assets/guides';
export const REGISTRY_FILE = 'assets/offices/offices.sample.json';

/** The shipped package files (one per agency), by path. */
export function packageFiles(root: string): string[] {
  return readdirSync(join(root, GUIDES_DIR))
    .filter((f) => /^[a-z]+\.json$/.test(f) && f !== 'trusted-keys.json')
    .sort()
    .map((f) => join(root, GUIDES_DIR, f));
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The capability sets each office kind really has in the registry: guides are walked
 * under each, so a flexible office with Migrationsverket services is covered too.
 */
export function capabilitiesByKind(root: string): { kind: OfficeKind; capabilities: Capability[] }[] {
  const registry = OfficeRegistrySchema.parse(readJson(join(root, REGISTRY_FILE)));
  const seen = new Map<string, { kind: OfficeKind; capabilities: Capability[] }>();
  for (const office of registry.offices) {
    const capabilities = [...office.capabilities].sort();
    seen.set(`${office.kind}:${capabilities.join(',')}`, { kind: office.kind, capabilities });
  }
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
}
