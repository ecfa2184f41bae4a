import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Bearer tokens: 32 random bytes, base64url. Only their sha256 is ever stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** No 0/O, 1/I/L, 5/S, 8/B: the code is read aloud and typed by hand. */
const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY2345679';

/** `XXXX-XXXX-XXXX` (matches EnrollRequestSchema); about 57 bits, one-time and expiring. */
export function newEnrollmentCode(): string {
  const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((g) => g.join('')).join('-');
}

export const ENROLLMENT_CODE_DAYS = 7;

export function enrollmentCodeHash(code: string): string {
  return sha256Hex(code.trim().toUpperCase());
}

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match ? match[1]! : null;
}
