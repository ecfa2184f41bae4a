import type { TrustedKey } from '../../shared/node/signatures';
import type { SecretStore } from '../../electron/backend/sync/secretStore';
import type { Outcome } from '../../shared/domain';
import type { GuidePackage } from '../../shared/guide';
import type { SyncOptions } from '../../electron/backend/sync/syncService';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testBackend, testClock } from './backend';

/**
 * A desktop for sync tests: a real backend (real SQLite file) set up for an office, with
 * one open counter, and helpers that walk visits through the handler table the way the
 * counter does. Sync options default to fast, test-sized backoff and timeouts.
 */
export async function syncDevice(
  options: {
    officeId?: string;
    /** The officer's signature (the statistics seed's visits are ANLA's). */
    officer?: string;
    at?: string;
    dataDir?: string;
    sync?: Partial<SyncOptions>;
    shippedGuides?: GuidePackage[];
    trustedKeys?: TrustedKey[];
    secrets?: SecretStore;
  } = {},
) {
  const clock = testClock(options.at ?? new Date().toISOString());
  const t = testBackend({
    now: clock.now,
    dataDir: options.dataDir,
    shippedGuides: options.shippedGuides,
    trustedKeys: options.trustedKeys,
    secrets: options.secrets,
    sync: { timeoutMs: 2_000, baseDelayMs: 5, maxDelayMs: 50, random: () => 0.5, ...options.sync },
  });
  const officeId = options.officeId ?? 'stockholm';
  await t.call('setup.save', { officeId, officerSignature: options.officer ?? 'ANLA' });
  const snapshot = await t.call('queue.snapshot', {});
  const counterId = snapshot.counters[0]!.id;
  await t.call('counters.open', { counterId });
  const sync = t.backend.context!.sync!;

  /** A walk-in visit without a ticket, closed with these errands. */
  async function walkIn(errands: { agency: 'SKV' | 'FK' | 'AF' | 'PM' | 'MV'; kind: string; outcome: Outcome }[]) {
    let visit = await t.call('visits.start', {});
    for (const e of errands)
      visit = await t.call('visits.addErrand', { visitId: visit.id, agency: e.agency, errandKind: e.kind });
    for (const [i, e] of errands.entries())
      visit = await t.call('visits.setOutcome', { errandId: visit.errands[i]!.id, outcome: e.outcome });
    return t.call('visits.close', { visitId: visit.id });
  }

  /** A ticket, called and served, with one errand, closed after `serveSeconds`. */
  async function ticketVisit(kind = 'skv.id_card', outcome: Outcome = 'done') {
    const ticket = await t.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    await t.call('tickets.call', { counterId, ticketId: ticket.id });
    let visit = await t.call('tickets.serve', { counterId, ticketId: ticket.id });
    visit = await t.call('visits.addErrand', { visitId: visit.id, agency: 'SKV', errandKind: kind });
    visit = await t.call('visits.setOutcome', { errandId: visit.errands[0]!.id, outcome });
    return { ticket, visit: await t.call('visits.close', { visitId: visit.id }) };
  }

  function outboxRows() {
    return t.db
      .prepare('SELECT event_id, arrival_key, payload, sent_at, rejected FROM sync_outbox ORDER BY seq')
      .all() as {
      event_id: string;
      arrival_key: string;
      payload: string;
      sent_at: string | null;
      rejected: string | null;
    }[];
  }

  /** The token as the device keeps it (the file secret store of tests and the preview). */
  function token(): string | null {
    const file = join(t.dataDir, 'secrets', 'sync-token');
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  }

  return { ...t, clock, officeId, counterId, sync, walkIn, ticketVisit, outboxRows, token };
}

export interface RecordedCall {
  method: string;
  path: string;
  status: number | 'network';
  body: string | null;
}

/** A fetch that records what the uploader sent and got (for the PII scan of payloads, and to see 413/304). */
export function recordingFetch(calls: RecordedCall[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    const body = typeof init?.body === 'string' ? init.body : null;
    try {
      const res = await fetch(input, init);
      calls.push({ method: init?.method ?? 'GET', path: url.pathname, status: res.status, body });
      return res;
    } catch (err) {
      calls.push({ method: init?.method ?? 'GET', path: url.pathname, status: 'network', body });
      throw err;
    }
  };
}
