import { z } from 'zod';

const NIL_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/**
 * A UUID in its one canonical spelling (lower case), at every boundary: the desktop's
 * channels and the central service's events. Stores compare ids as text, so the same id in
 * upper and lower case must never become two rows. The nil and max UUIDs are no one's id:
 * a client sending one has a bug, and it would collide with every other such client.
 */
export const CanonicalUuid = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.uuid().refine((s) => s !== NIL_UUID && s !== MAX_UUID, { message: 'reserved_uuid' }));
