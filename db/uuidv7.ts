import { randomFillSync } from 'node:crypto';

const bytes = Buffer.alloc(16);

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Events
 * get these rather than v4 because they sort by time: the service's primary-key index (and
 * the outbox's) then grows at its end instead of at random pages, which keeps each batch's
 * commit small. Still unguessable, and no more telling than the event's own recordedAt.
 */
export function uuidv7(now: number = Date.now()): string {
  randomFillSync(bytes);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
