import type { Database } from 'better-sqlite3';

/** This installation's standing as an office hub (migration 009, one row). */
export interface HubStateRow {
  epoch: number;
  standbyDeviceId: string | null;
  standbyHost: string | null;
  standbyPort: number | null;
  standbyCertPem: string | null;
  steppedDownAt: string | null;
  successorEpoch: number | null;
}

export interface NumberBlockRow {
  officeId: string;
  localDate: string;
  letter: string;
  floor: number;
  reserved: number;
  acknowledged: number;
}

const STATE_COLUMNS = `epoch, standby_device_id AS standbyDeviceId, standby_host AS standbyHost,
  standby_port AS standbyPort, standby_cert_pem AS standbyCertPem, stepped_down_at AS steppedDownAt,
  successor_epoch AS successorEpoch`;
const BLOCK_COLUMNS = `office_id AS officeId, local_date AS localDate, letter, floor, reserved, acknowledged`;

/**
 * The hub's epoch, its standby and its ticket-number blocks (decision 0008, "Taking over a
 * dead hub"). Callers run the writes inside their own transaction.
 */
export class HubStateRepository {
  constructor(private readonly db: Database) {}

  state(): HubStateRow {
    return this.db.prepare(`SELECT ${STATE_COLUMNS} FROM hub_state WHERE id = 1`).get() as HubStateRow;
  }

  /** A new standby must tell where it will listen before devices are told to follow it. */
  setStandby(deviceId: string | null): void {
    this.db
      .prepare(
        `UPDATE hub_state SET standby_device_id = ?, standby_host = NULL, standby_port = NULL, standby_cert_pem = NULL,
           standby_outbox_acked = 0 WHERE id = 1`,
      )
      .run(deviceId);
  }

  /** The standby holds the hub's outbox up to `seq`; returns whether that is news. */
  acknowledgeOutbox(seq: number): boolean {
    return (
      this.db
        .prepare('UPDATE hub_state SET standby_outbox_acked = ? WHERE id = 1 AND standby_outbox_acked < ?')
        .run(seq, seq).changes === 1
    );
  }

  outboxAcknowledged(): number {
    return (this.db.prepare('SELECT standby_outbox_acked FROM hub_state WHERE id = 1').pluck().get() as number) ?? 0;
  }

  setStandbyEndpoint(host: string, port: number, certPem: string): void {
    this.db
      .prepare('UPDATE hub_state SET standby_host = ?, standby_port = ?, standby_cert_pem = ? WHERE id = 1')
      .run(host, port, certPem);
  }

  /** This installation becomes the hub of `epoch` (a takeover): no standby yet, not stepped down. */
  becomeHub(epoch: number): void {
    this.db
      .prepare(
        `UPDATE hub_state SET epoch = ?, standby_device_id = NULL, standby_host = NULL, standby_port = NULL,
           standby_cert_pem = NULL, stepped_down_at = NULL, successor_epoch = NULL WHERE id = 1`,
      )
      .run(epoch);
  }

  /** A higher epoch was seen: this hub issues nothing more. Returns false if it had already stepped down. */
  stepDown(at: string, successorEpoch: number): boolean {
    return (
      this.db
        .prepare(
          `UPDATE hub_state SET stepped_down_at = COALESCE(stepped_down_at, ?),
             successor_epoch = MAX(COALESCE(successor_epoch, 0), ?) WHERE id = 1`,
        )
        .run(at, successorEpoch).changes === 1 && this.state().steppedDownAt === at
    );
  }

  block(officeId: string, localDate: string, letter: string): NumberBlockRow | undefined {
    return this.db
      .prepare(`SELECT ${BLOCK_COLUMNS} FROM number_blocks WHERE office_id = ? AND local_date = ? AND letter = ?`)
      .get(officeId, localDate, letter) as NumberBlockRow | undefined;
  }

  blocksFrom(localDate: string): NumberBlockRow[] {
    return this.db
      .prepare(`SELECT ${BLOCK_COLUMNS} FROM number_blocks WHERE local_date >= ? ORDER BY local_date, letter`)
      .all(localDate) as NumberBlockRow[];
  }

  private upsert(b: Pick<NumberBlockRow, 'officeId' | 'localDate' | 'letter'>): void {
    this.db
      .prepare(
        `INSERT INTO number_blocks (office_id, local_date, letter) VALUES (@officeId, @localDate, @letter)
           ON CONFLICT DO NOTHING`,
      )
      .run({ officeId: b.officeId, localDate: b.localDate, letter: b.letter });
  }

  reserve(officeId: string, localDate: string, letter: string, upTo: number): void {
    this.upsert({ officeId, localDate, letter });
    this.db
      .prepare(
        `UPDATE number_blocks SET reserved = MAX(reserved, @upTo)
           WHERE office_id = @officeId AND local_date = @localDate AND letter = @letter`,
      )
      .run({ officeId, localDate, letter, upTo });
  }

  /** The standby stored reservations up to `upTo`: the hub may issue up to there (never beyond what it asked). */
  acknowledge(officeId: string, localDate: string, letter: string, upTo: number): void {
    this.db
      .prepare(
        `UPDATE number_blocks SET acknowledged = MAX(acknowledged, MIN(reserved, @upTo))
           WHERE office_id = @officeId AND local_date = @localDate AND letter = @letter`,
      )
      .run({ officeId, localDate, letter, upTo });
  }

  /** Numbers up to `floor` are never issued here (what a takeover skips). */
  raiseFloor(officeId: string, localDate: string, letter: string, floor: number): void {
    this.upsert({ officeId, localDate, letter });
    this.db
      .prepare(
        `UPDATE number_blocks SET floor = MAX(floor, @floor)
           WHERE office_id = @officeId AND local_date = @localDate AND letter = @letter`,
      )
      .run({ officeId, localDate, letter, floor });
  }

  /** A new standby has stored nothing yet: what the old one acknowledged no longer binds anyone. */
  resetAcknowledged(): void {
    this.db.prepare('UPDATE number_blocks SET acknowledged = 0, reserved = 0').run();
  }
}
