import type { SyncOfficeStatus } from '../../../shared/apiResults';

/**
 * The sync status per office (issue 18): the current office, every office with events still
 * unsent or sent from here, and the offices the service trusts the device for; the current
 * office first, then the others by id. "Synkad" belongs to an office only when none of its
 * events waits.
 */
export function officeStatuses(input: {
  summary: { officeId: string; pending: number; receipted: number }[];
  current: string | null;
  /** The service's set; null before enrollment. */
  trusted: string[] | null;
  syncedAt: Record<string, string>;
}): SyncOfficeStatus[] {
  const byOffice = new Map(input.summary.map((o) => [o.officeId, o]));
  const ids = new Set<string>([
    ...(input.current ? [input.current] : []),
    ...byOffice.keys(),
    ...(input.trusted ?? []),
  ]);
  return [...ids]
    .sort((a, b) => (a === input.current ? -1 : b === input.current ? 1 : a.localeCompare(b)))
    .map((officeId) => ({
      officeId,
      pending: byOffice.get(officeId)?.pending ?? 0,
      receipted: byOffice.get(officeId)?.receipted ?? 0,
      allowed: input.trusted === null ? null : input.trusted.includes(officeId),
      syncedAt: input.syncedAt[officeId] ?? null,
    }));
}
