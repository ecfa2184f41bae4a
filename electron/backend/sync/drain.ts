import { PARKED, type OutboxRepository } from '../../../db/outbox';
import { CLOCK_SKEW_FLAG_SECONDS, MAX_BATCH_EVENTS } from '../../../shared/sync';
import type { SyncErrorCode } from '../../../shared/apiResults';
import type { CallResult, SyncClient } from './syncClient';

/** The contract's largest batch: fewer, larger commits on the service (measured: 1.4× the events/s of 250). */
export const DEFAULT_BATCH_EVENTS = MAX_BATCH_EVENTS;

export type DrainResult =
  | {
      kind: 'done';
      sent: number;
      /** Events set aside for good: held by the service with other content, or refused as invalid. */
      rejected: number;
      clockSkewSeconds: number | null;
    }
  | {
      kind: 'failed';
      sent: number;
      error: SyncErrorCode;
      /** The service said when to come back (429, 503). */
      retryAfterMs: number | null;
      /** Retrying cannot help until a person acts (a revoked token, a batch that cannot shrink). */
      permanent: boolean;
    };

function failureOf(result: Exclude<CallResult<unknown>, { kind: 'ok' } | { kind: 'not_modified' }>): {
  error: SyncErrorCode;
  retryAfterMs: number | null;
  permanent: boolean;
} {
  if (result.kind === 'network') return { error: 'offline', retryAfterMs: null, permanent: false };
  if (result.kind === 'timeout') return { error: 'timeout', retryAfterMs: null, permanent: false };
  const { status, code, retryAfterMs } = result;
  if (status === 401)
    return { error: code === 'TOKEN_REVOKED' ? 'revoked' : 'unauthorized', retryAfterMs: null, permanent: true };
  if (status === 403) return { error: 'forbidden_office', retryAfterMs: null, permanent: true };
  if (status === 429) return { error: 'rate_limited', retryAfterMs, permanent: false };
  if (status === 503) return { error: 'unavailable', retryAfterMs, permanent: false };
  if (status >= 500) return { error: 'server_error', retryAfterMs, permanent: false };
  // 400/422 not naming events (a proxy's page, a version mismatch): retried later, visibly.
  return { error: 'refused', retryAfterMs, permanent: false };
}

/**
 * Sends the office's pending events, oldest first, until none are left or a call fails.
 * Marks as sent exactly the ids the service confirmed; an id it did not confirm stays
 * pending and goes again (the service stores each id once, so a repeat is harmless).
 * A batch the service finds too large is halved and tried again, never dropped.
 */
export async function drainOutbox(deps: {
  outbox: OutboxRepository;
  client: SyncClient;
  officeId: string;
  now(): Date;
  batchSize?: number;
  /** Stops between batches (the app is closing, or the device was disconnected). */
  cancelled?(): boolean;
}): Promise<DrainResult> {
  let size = Math.min(deps.batchSize ?? DEFAULT_BATCH_EVENTS, MAX_BATCH_EVENTS);
  let sent = 0;
  let rejected = 0;
  let skew: number | null = null;
  for (;;) {
    if (deps.cancelled?.()) return { kind: 'done', sent, rejected, clockSkewSeconds: skew };
    const batch = deps.outbox.pending(deps.officeId, size);
    if (batch.length === 0) return { kind: 'done', sent, rejected, clockSkewSeconds: skew };
    // The stored payloads are valid events (parsed when written): joined, not re-serialised.
    const body = `{"sentAt":${JSON.stringify(deps.now().toISOString())},"events":[${batch.map((p) => p.payload).join(',')}]}`;
    const result = await deps.client.upload(body);
    if (result.kind === 'ok') {
      // Ids are compared in their canonical (lower-case) spelling, whatever the reply used;
      // only ids of this batch count: a confused reply must not mark anything else sent.
      const ids = new Map(batch.map((p) => [p.id.toLowerCase(), p.id]));
      const ofBatch = (replied: string[]) =>
        [...new Set(replied.map((id) => ids.get(String(id).toLowerCase())))].filter((id) => id !== undefined);
      const stored = ofBatch(result.body.stored);
      const refused = ofBatch(result.body.conflicts);
      sent += deps.outbox.markSent(stored, deps.now().toISOString());
      if (refused.length > 0) deps.outbox.markRejected(refused, 'conflict');
      rejected += refused.length;
      if (Math.abs(result.body.clockSkewSeconds) > CLOCK_SKEW_FLAG_SECONDS) skew = result.body.clockSkewSeconds;
      // A reply that confirms nothing of a non-empty batch would loop forever: treat it as a failure.
      if (stored.length + refused.length === 0)
        return { kind: 'failed', sent, error: 'server_error', retryAfterMs: null, permanent: false };
      continue;
    }
    if (result.kind === 'http' && result.status === 413 && size > 1) {
      size = Math.max(1, Math.floor(Math.min(size, batch.length) / 2));
      continue;
    }
    // Events the service itself refuses as invalid (a newer desktop than the service, say)
    // are set aside by name, so they never block the events behind them; they are tried
    // again daily. Anything else (a proxy's 400 page) is a failure like any other: retried.
    if (result.kind === 'http' && result.status === 422 && result.code === 'VALIDATION') {
      const named = invalidIndexes(result.details, batch.length);
      if (named.length > 0) {
        deps.outbox.markRejected(
          named.map((i) => batch[i]!.id),
          PARKED,
        );
        rejected += named.length;
        continue;
      }
    }
    if (result.kind === 'not_modified')
      return { kind: 'failed', sent, error: 'server_error', retryAfterMs: null, permanent: false };
    const failure =
      result.kind === 'http' && result.status === 413
        ? { error: 'too_large' as const, retryAfterMs: null, permanent: true }
        : failureOf(result);
    return { kind: 'failed', sent, ...failure };
  }
}

/** Which events of the batch the service's 422 details point at ("events.3.errands.0.errandKind" → 3). */
function invalidIndexes(details: { path: string }[] | null, length: number): number[] {
  const found = new Set<number>();
  for (const d of details ?? []) {
    const m = /^events\.(\d+)(\.|$)/.exec(d.path);
    if (m && Number(m[1]) < length) found.add(Number(m[1]));
  }
  return [...found];
}
