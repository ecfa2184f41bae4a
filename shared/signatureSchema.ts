import { z } from 'zod';

/** A publisher key id (see shared/node/keyFingerprint.ts for how it is derived). */
export const KeyIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);
/** An Ed25519 signature is 64 bytes: 88 base64 characters with padding. */
export const Ed25519Base64Schema = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);
/** The signature block of every signed file a publisher hands out (guide packages, the office registry). */
export const SignatureSchema = z.object({ keyId: KeyIdSchema, ed25519: Ed25519Base64Schema }).strict();
export type Signature = z.infer<typeof SignatureSchema>;
