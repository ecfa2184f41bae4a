import { createHash } from 'node:crypto';
import { CLOCK_SKEW_FLAG_SECONDS, type StatsEvent } from '../../shared/sync';
import type { HeldEvent } from './types';

/** The columns of one events row, shared by both stores (booleans as numbers: SQLite has none). */
export interface EventRow {
  id: string;
  device_id: string | null;
  source: string;
  office_id: string;
  local_date: string;
  local_time: string;
  status: string;
  supersedes: string | null;
  waiting_seconds: number | null;
  service_seconds: number | null;
  errands: string;
  schema_version: number;
  recorded_at: string;
  received_at: string;
  clock_skew_seconds: number;
  skew_flagged: number;
  content_hash: string;
  /** 1: implausible at ingest, held for review and not counted (event_quarantine says why). */
  quarantined: number;
}

/**
 * sha256 over the event's fields in a fixed order: the same event re-sent compares equal
 * however it was formatted or its keys ordered. The contract's schema is strict, so these
 * are all its fields; a fixed order costs a third of sorting every object's keys
 * (canonical JSON) on the ingest path.
 */
export function eventContentHash(e: StatsEvent): string {
  const fields = [
    e.id,
    e.supersedes,
    e.schemaVersion,
    e.officeId,
    e.localDate,
    e.localTime,
    e.status,
    e.waitingSeconds,
    e.serviceSeconds,
    e.errands.map((x) => [x.agency, x.errandKind, x.outcome, x.lacksEid, x.interpreter]),
    e.recordedAt,
  ];
  return createHash('sha256').update(JSON.stringify(fields), 'utf8').digest('hex');
}

export function isSkewFlagged(clockSkewSeconds: number): boolean {
  return Math.abs(clockSkewSeconds) > CLOCK_SKEW_FLAG_SECONDS;
}

export function eventToRow(
  e: StatsEvent,
  meta: {
    deviceId: string | null;
    source: string;
    receivedAt: string;
    clockSkewSeconds: number;
    quarantine?: ReadonlyMap<string, string> | undefined;
  },
): EventRow {
  return {
    id: e.id,
    device_id: meta.deviceId,
    source: meta.source,
    office_id: e.officeId,
    local_date: e.localDate,
    local_time: e.localTime,
    status: e.status,
    supersedes: e.supersedes,
    waiting_seconds: e.waitingSeconds,
    service_seconds: e.serviceSeconds,
    errands: JSON.stringify(e.errands),
    schema_version: e.schemaVersion,
    recorded_at: e.recordedAt,
    received_at: meta.receivedAt,
    clock_skew_seconds: Math.round(meta.clockSkewSeconds),
    skew_flagged: isSkewFlagged(meta.clockSkewSeconds) ? 1 : 0,
    content_hash: eventContentHash(e),
    quarantined: meta.quarantine?.has(e.id) ? 1 : 0,
  };
}

type EventColumns = Pick<
  EventRow,
  | 'id'
  | 'office_id'
  | 'local_date'
  | 'local_time'
  | 'status'
  | 'supersedes'
  | 'waiting_seconds'
  | 'service_seconds'
  | 'errands'
  | 'schema_version'
  | 'recorded_at'
>;

/** Back to the contract's shape: the row was validated on the way in, so no re-parse. */
export function rowToEvent(r: EventColumns): StatsEvent {
  return {
    id: r.id,
    supersedes: r.supersedes,
    schemaVersion: r.schema_version as StatsEvent['schemaVersion'],
    officeId: r.office_id,
    localDate: r.local_date,
    localTime: r.local_time,
    status: r.status as StatsEvent['status'],
    waitingSeconds: r.waiting_seconds,
    serviceSeconds: r.service_seconds,
    errands: JSON.parse(r.errands) as StatsEvent['errands'],
    recordedAt: r.recorded_at,
  };
}

export const EVENT_COLUMNS = [
  'id',
  'device_id',
  'source',
  'office_id',
  'local_date',
  'local_time',
  'status',
  'supersedes',
  'waiting_seconds',
  'service_seconds',
  'errands',
  'schema_version',
  'recorded_at',
  'received_at',
  'clock_skew_seconds',
  'skew_flagged',
  'content_hash',
  'quarantined',
] as const satisfies readonly (keyof EventRow)[];

/** Columns stored as booleans in PostgreSQL (numbers in SQLite, which has none). */
export const BOOLEAN_COLUMNS: ReadonlySet<string> = new Set(['skew_flagged', 'quarantined']);

/** An events row as the admin lists it (booleans as SQLite's numbers or PostgreSQL's booleans). */
export type HeldEventRow = EventColumns & {
  device_id: string | null;
  received_at: string;
  quarantined: number | boolean;
  voided_at: string | null;
};

export function rowToHeldEvent(r: HeldEventRow): HeldEvent {
  return {
    ...rowToEvent(r),
    deviceId: r.device_id,
    receivedAt: r.received_at,
    quarantined: Boolean(r.quarantined),
    voidedAt: r.voided_at,
  };
}

export const HELD_EVENT_COLUMNS =
  'e.id, e.office_id, e.local_date, e.local_time, e.status, e.supersedes, e.waiting_seconds, e.service_seconds, e.errands, e.schema_version, e.recorded_at, e.device_id, e.received_at, e.quarantined, e.voided_at';
