import { OfficeRegistrySchema, type OfficeRegistry } from '../../shared/offices';
import sample from '../../assets/offices/offices.sample.json';

/**
 * The office registry shipped with the app. It is SAMPLE data (see the file's `note`)
 * until the central service hands out the authoritative one; validated at load so a
 * bad file fails loudly at start, not at the counter.
 */
export function loadBundledRegistry(): OfficeRegistry {
  return OfficeRegistrySchema.parse(sample);
}
