import type { StoreKind } from './types';

/**
 * The SQL both stores and the report worker's read-only connection share. Placeholders are
 * written `$1`…, each used once and in order, so SQLite gets plain `?`.
 */
function forKind(kind: StoreKind, sql: string): string {
  return kind === 'sqlite' ? sql.replace(/\$\d+/g, '?') : sql;
}

/** An event counts when it is neither quarantined nor voided; only such events supersede others. */
export const COUNTS = (alias: string) => `NOT ${alias}.quarantined AND ${alias}.voided_at IS NULL`;

/** The contract's columns of an event (what rowToEvent reads). */
const EVENT_FIELDS =
  'e.id, e.office_id, e.local_date, e.local_time, e.status, e.supersedes, e.waiting_seconds, e.service_seconds, e.errands, e.schema_version, e.recorded_at';

/** The office's current events on local dates $2..$3: counted, and superseded by no counted event. */
export const currentEventsSql = (kind: StoreKind) =>
  forKind(
    kind,
    `SELECT ${EVENT_FIELDS} FROM events e
     WHERE e.office_id = $1 AND e.local_date BETWEEN $2 AND $3 AND ${COUNTS('e')}
       AND NOT EXISTS (SELECT 1 FROM events s WHERE s.supersedes = e.id AND s.office_id = e.office_id AND ${COUNTS('s')})
     ORDER BY e.local_date, e.local_time, e.id`,
  );

/**
 * Offices with counted events on local dates $1..$2, in id order. The offices are walked
 * along the (office_id, local_date) index, one probe each (a skip scan), and each is asked
 * for one counted event in the range: a few hundred index probes, not a pass over every
 * event of the range (which a national year's table would otherwise pay once more).
 */
export const officesWithEventsSql = (kind: StoreKind) =>
  forKind(
    kind,
    `WITH RECURSIVE offices(office_id) AS (
       SELECT min(office_id) FROM events
       UNION ALL
       SELECT (SELECT min(n.office_id) FROM events n WHERE n.office_id > o.office_id) FROM offices o WHERE o.office_id IS NOT NULL
     )
     SELECT o.office_id FROM offices o
      WHERE o.office_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM events e WHERE e.office_id = o.office_id AND e.local_date BETWEEN $1 AND $2 AND ${COUNTS('e')})
      ORDER BY o.office_id`,
  );

/** Admin filters (device, office, local dates) as a WHERE clause over `e`, parameters from $first on. */
export function eventFilterSql(
  kind: StoreKind,
  filter: {
    deviceId?: string | undefined;
    officeId?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
  first = 1,
): { where: string; values: string[] } {
  const parts: string[] = [];
  const values: string[] = [];
  const add = (sql: string, value: string) => {
    values.push(value);
    parts.push(sql.replace('?', `$${first + values.length - 1}`));
  };
  if (filter.deviceId) add('e.device_id = ?', filter.deviceId);
  if (filter.officeId) add('e.office_id = ?', filter.officeId);
  if (filter.from) add('e.local_date >= ?', filter.from);
  if (filter.to) add('e.local_date <= ?', filter.to);
  if (!filter.deviceId && !filter.officeId) throw new Error('an event filter names a device or an office');
  return { where: forKind(kind, parts.join(' AND ')), values };
}

export { forKind as sqlFor };
