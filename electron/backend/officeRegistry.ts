import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OfficeRegistrySchema, type OfficeRegistry } from '../../shared/offices';
import sample from '../../assets/offices/offices.sample.json';
import { writeFileAtomic } from './guides/atomicFile';
import { verifySignedRegistry, type RegistryRejection } from '../../shared/node/registrySignature';
import type { TrustedKey } from '../../shared/node/signatures';

/** The registry fetched from the central service, next to the database. */
export const REGISTRY_FILE_NAME = 'office-registry.signed.json';

/**
 * The office registry shipped with the app. It is SAMPLE data (see the file's `note`)
 * until the central service hands out the authoritative one; validated at load so a
 * bad file fails loudly at start, not at the counter.
 */
export function loadBundledRegistry(): OfficeRegistry {
  return OfficeRegistrySchema.parse(sample);
}

export interface ActiveRegistry {
  registry: OfficeRegistry;
  /** 0 for the registry shipped with the app. */
  version: number;
}

/** The downloaded registry if one is installed and still verifies; otherwise the shipped one. */
export function loadRegistry(
  dataDir: string,
  trustedKeys: readonly TrustedKey[],
): ActiveRegistry & { problem?: string } {
  const file = join(dataDir, REGISTRY_FILE_NAME);
  if (existsSync(file)) {
    const verified = verifySignedRegistry(readFileSync(file, 'utf8'), trustedKeys);
    if (verified.ok) return { registry: verified.registry, version: verified.version };
    return {
      registry: loadBundledRegistry(),
      version: 0,
      problem: `installed office registry refused: ${verified.reason}`,
    };
  }
  return { registry: loadBundledRegistry(), version: 0 };
}

export type RegistryInstall =
  { ok: true; status: 'installed' | 'not_newer'; active: ActiveRegistry } | { ok: false; reason: RegistryRejection };

/** Verifies a registry from the service and, when it is newer than the active one, installs it atomically. */
export function installRegistry(
  dataDir: string,
  text: string,
  trustedKeys: readonly TrustedKey[],
  active: ActiveRegistry,
): RegistryInstall {
  const verified = verifySignedRegistry(text, trustedKeys);
  if (!verified.ok) return verified;
  if (verified.version <= active.version) return { ok: true, status: 'not_newer', active };
  // The exact text the publisher signed, written whole or not at all.
  writeFileAtomic(join(dataDir, REGISTRY_FILE_NAME), text);
  return { ok: true, status: 'installed', active: { registry: verified.registry, version: verified.version } };
}
