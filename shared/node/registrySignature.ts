import { OfficeRegistrySchema, SignedRegistryFileSchema, type OfficeRegistry } from '../offices';
import { verifySigned, type TrustedKey } from './signatures';

/**
 * The signed office registry (`lucka-office-registry-signed/1`, npm run registry:sign): checked by
 * each desktop before it installs one, and by the service before it publishes one.
 */
export type RegistryRejection = 'not_json' | 'bad_format' | 'unknown_key' | 'bad_signature' | 'invalid_registry';

export type VerifiedRegistry =
  { ok: true; registry: OfficeRegistry; version: number } | { ok: false; reason: RegistryRejection };

/** A signed registry file (npm run registry:sign), checked against the trusted publisher keys and the schema. */
export function verifySignedRegistry(text: string, trustedKeys: readonly TrustedKey[]): VerifiedRegistry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  const file = SignedRegistryFileSchema.safeParse(json);
  if (!file.success) return { ok: false, reason: 'bad_format' };
  const { registry: signed, version, signature } = file.data;
  const checked = verifySigned({ registry: signed, version }, signature, trustedKeys);
  if (!checked.ok) return { ok: false, reason: checked.reason };
  const registry = OfficeRegistrySchema.safeParse(file.data.registry);
  if (!registry.success) return { ok: false, reason: 'invalid_registry' };
  return { ok: true, registry: registry.data, version: file.data.version };
}
