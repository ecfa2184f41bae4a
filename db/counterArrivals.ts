import type { Database, Statement } from 'better-sqlite3';
import type { ArrivalHandover } from '../shared/api';

export type HandedArrival = Pick<
  ArrivalHandover,
  'ticketId' | 'officeId' | 'localDate' | 'issuedAt' | 'number' | 'counterId' | 'supersedes'
> & { visitId: string };

/** A hub action this PC owes the hub, in the order it was written. */
export interface PendingHubAction {
  seq: number;
  key: string;
  channel: string;
  input: unknown;
}

/**
 * Served tickets handed from the office hub to counter PCs (migration 009). Hub side: which
 * device a ticket was handed to, and the arrival's last event there. Counter side: the
 * tickets the hub handed to this PC, and the journal of hub actions its own changes owe the
 * hub (a ticket's end, written with its visit's close), replayed in order when the hub answers.
 */
export class CounterArrivalsRepository {
  private readonly s: Record<
    | 'handTo'
    | 'handedTo'
    | 'lastEvent'
    | 'insertHanded'
    | 'handed'
    | 'addPending'
    | 'pending'
    | 'removePending'
    | 'refusePending'
    | 'counts',
    Statement
  >;

  constructor(db: Database) {
    this.s = {
      handTo: db.prepare('UPDATE tickets SET handed_to_device = ? WHERE id = ?'),
      handedTo: db.prepare('SELECT handed_to_device FROM tickets WHERE id = ?'),
      lastEvent: db.prepare(
        'SELECT event_id FROM sync_outbox WHERE arrival_key = ? AND rejected IS NULL ORDER BY seq DESC LIMIT 1',
      ),
      insertHanded: db.prepare(
        `INSERT INTO handed_arrivals (ticket_id, visit_id, office_id, local_date, issued_at, number, counter_id, supersedes, handed_at)
         VALUES (@ticketId, @visitId, @officeId, @localDate, @issuedAt, @number, @counterId, @supersedes, @handedAt)`,
      ),
      handed: db.prepare(
        `SELECT ticket_id AS ticketId, visit_id AS visitId, office_id AS officeId, local_date AS localDate, issued_at AS issuedAt,
                number, counter_id AS counterId, supersedes FROM handed_arrivals WHERE ticket_id = ?`,
      ),
      addPending: db.prepare(
        'INSERT INTO hub_pending (request_key, channel, input, created_at) VALUES (@key, @channel, @input, @at)',
      ),
      pending: db.prepare(
        'SELECT seq, request_key AS key, channel, input FROM hub_pending WHERE refused IS NULL ORDER BY seq LIMIT 1',
      ),
      removePending: db.prepare('DELETE FROM hub_pending WHERE seq = ?'),
      refusePending: db.prepare('UPDATE hub_pending SET refused = ? WHERE seq = ?'),
      counts: db.prepare(
        'SELECT count(CASE WHEN refused IS NULL THEN 1 END) AS pending, count(refused) AS refused FROM hub_pending',
      ),
    };
  }

  /** Hub side, inside the serve's transaction: from now on `deviceId` writes this arrival's events. */
  handTo(ticketId: string, deviceId: string): void {
    this.s.handTo.run(deviceId, ticketId);
  }

  /** Hub side: the device a ticket was handed to, or null. */
  handedTo(ticketId: string): string | null {
    return (this.s.handedTo.pluck().get(ticketId) as string | null | undefined) ?? null;
  }

  /** Hub side: the last event of a ticket's arrival here (its own, e.g. a no-show before a recall). */
  lastEventOfTicket(ticketId: string): string | null {
    return (this.s.lastEvent.pluck().get(`t:${ticketId}`) as string | undefined) ?? null;
  }

  /** Counter side, in the transaction that opens the visit. */
  insertHanded(h: ArrivalHandover, visitId: string, handedAt: string): void {
    this.s.insertHanded.run({ ...h, visitId, handedAt });
  }

  /** Counter side: the hand-over of a ticket, with the visit it became here; null when none. */
  handed(ticketId: string): HandedArrival | null {
    return (this.s.handed.get(ticketId) as HandedArrival | undefined) ?? null;
  }

  /** Inside the caller's transaction: the action exists exactly when the change that owes it committed. */
  addPending(action: { key: string; channel: string; input: unknown; at: string }): void {
    this.s.addPending.run({ ...action, input: JSON.stringify(action.input) });
  }

  /** The oldest action not yet done nor refused. */
  nextPending(): PendingHubAction | null {
    const row = this.s.pending.get() as (Omit<PendingHubAction, 'input'> & { input: string }) | undefined;
    return row ? { ...row, input: JSON.parse(row.input) as unknown } : null;
  }

  done(seq: number): void {
    this.s.removePending.run(seq);
  }

  refused(seq: number, error: unknown): void {
    this.s.refusePending.run(JSON.stringify(error), seq);
  }

  counts(): { pending: number; refused: number } {
    return this.s.counts.get() as { pending: number; refused: number };
  }
}
