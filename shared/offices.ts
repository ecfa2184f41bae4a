import { z } from 'zod';
import { SignatureSchema } from './signatureSchema';
import { CAPABILITIES, OFFICE_KINDS } from './domain';

/** One service office in the registry (assets/offices/*.json, later from the central service). */
export const OfficeSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{2,60}$/),
    name: z.string().min(2).max(120),
    municipality: z.string().min(2).max(60),
    kind: z.enum(OFFICE_KINDS),
    capabilities: z.array(z.enum(CAPABILITIES)),
    latitude: z.number().min(55).max(69.1),
    longitude: z.number().min(10.9).max(24.2),
  })
  .strict();
export type Office = z.infer<typeof OfficeSchema>;

export const OfficeRegistrySchema = z
  .object({
    sample: z.boolean(),
    note: z.string(),
    generatedFrom: z.string(),
    offices: z.array(OfficeSchema).min(1),
  })
  .strict()
  .superRefine((registry, ctx) => {
    const seen = new Set<string>();
    registry.offices.forEach((office, index) => {
      if (seen.has(office.id)) {
        ctx.addIssue({ code: 'custom', path: ['offices', index, 'id'], message: `duplicate office id ${office.id}` });
      }
      seen.add(office.id);
    });
  });
export type OfficeRegistry = z.infer<typeof OfficeRegistrySchema>;

/**
 * The registry as the central service hands it out (npm run registry:sign): signed by a
 * publisher key the app trusts, over the canonical JSON of { registry, version }.
 */
export const SIGNED_REGISTRY_FORMAT = 'lucka-office-registry-signed/1';
export const SignedRegistryFileSchema = z
  .object({
    format: z.literal(SIGNED_REGISTRY_FORMAT),
    version: z.number().int().positive(),
    registry: z.unknown(),
    signature: SignatureSchema,
  })
  .strict();
