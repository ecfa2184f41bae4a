import { enrollmentCodeHash, newEnrollmentCode } from '../../server/auth';
import type { ServerStore } from '../../server/store/types';

/** A valid one-time enrollment code for an office, made straight in the service's store (as `admin enroll-code` would). */
export async function enrollmentCodeFor(store: ServerStore, officeId: string): Promise<string> {
  const code = newEnrollmentCode();
  const now = Date.now();
  await store.createEnrollmentCode({
    codeHash: enrollmentCodeHash(code),
    officeId,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 7 * 86_400_000).toISOString(),
  });
  return code;
}
