import type { OutboxRepository } from '../../../db/outbox';
import { drainOutbox, type DrainResult } from './drain';
import type { SyncClient } from './syncClient';

/** What a round of every office's events did. */
export interface OfficesDrainResult {
  result: DrainResult;
  /** The service's set when it was asked this round (null: not asked, or a service that cannot tell). */
  officeIds: string[] | null;
  /** Offices that had events to send and that the round left with nothing unsent. */
  drained: string[];
}

/**
 * Sends the events of every office the device is trusted for (issue 18: a travelling
 * officer's laptop holds several offices' events), one office after another, through the
 * one drain. When an office with events is not in the known set, or the service refuses an
 * office (403: the admin changed the set), the service is asked for the set again: an office
 * it does not trust keeps its events waiting, visibly, and the others still go.
 */
export async function drainEveryOffice(deps: {
  outbox: OutboxRepository;
  client: SyncClient;
  trusted: readonly string[];
  now(): Date;
  batchSize?: number;
  cancelled?(): boolean;
}): Promise<OfficesDrainResult> {
  let trusted = [...deps.trusted];
  let officeIds: string[] | null = null;
  const ask = async () => {
    const reply = await deps.client.device();
    if (reply.kind === 'ok' && Array.isArray(reply.body.officeIds)) {
      officeIds = reply.body.officeIds.filter((id) => typeof id === 'string');
      trusted = officeIds;
    }
  };
  const offices = deps.outbox.unsentOffices();
  if (offices.some((o) => !trusted.includes(o))) await ask();

  let sent = 0;
  let rejected = 0;
  let skew: number | null = null;
  const drained: string[] = [];
  for (const officeId of offices) {
    if (!trusted.includes(officeId)) continue;
    let result = await drainOutbox({ ...deps, officeId });
    if (result.kind === 'failed' && result.error === 'forbidden_office') {
      // The admin may have changed the set since it was last asked: ask, and go on with the rest.
      sent += result.sent;
      await ask();
      if (!trusted.includes(officeId)) continue;
      result = await drainOutbox({ ...deps, officeId });
    }
    sent += result.sent;
    if (result.kind === 'failed') return { result: { ...result, sent }, officeIds, drained };
    rejected += result.rejected;
    skew = result.clockSkewSeconds ?? skew;
    if (!deps.cancelled?.()) drained.push(officeId);
  }
  return { result: { kind: 'done', sent, rejected, clockSkewSeconds: skew }, officeIds, drained };
}
