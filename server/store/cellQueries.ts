import { AGENCIES, OUTCOMES, type Agency, type Outcome } from '../../shared/domain';
import { WAIT_BUCKET_MINUTES } from '../../shared/stats';
import type { ArrivalCell, ArrivalSums, DaySums, ErrandCell, ErrandTally } from '../../shared/statsCompute';
import { waitBucketsSql } from '../../shared/statsSql';
import { stockholmHour, stockholmInstant, type LivedHour } from '../../shared/time';
import { COUNTS, sqlFor } from './eventQueries';
import type { StoreKind } from './types';

/**
 * The statistics cells of the central service, formed by the database (issue 12): the
 * same cells the desktop's store forms (db/stats.ts), over the current events instead of
 * tickets and visits, so a national year is aggregated where it lies and only sums reach
 * JavaScript. shared/statsCompute.ts computes every figure from them, as on the desktop.
 * SQLite and PostgreSQL run the same SQL but for reading the errands (JSON text in both).
 */

/** The JSON the two databases read the errands with: parsed once per event in PostgreSQL. */
const JSON_SQL: Record<
  StoreKind,
  { parsed: string; hasFlag: (flag: string) => string; elements: string; field: (name: string) => string }
> = {
  postgres: {
    parsed: 'e.errands::jsonb',
    hasFlag: (flag) => `cur.ej @> '[{"${flag}": true}]'`,
    elements: 'CROSS JOIN LATERAL jsonb_array_elements(cur.ej) x',
    field: (name) => `x.value ->> '${name}'`,
  },
  sqlite: {
    parsed: 'e.errands',
    hasFlag: (flag) => `EXISTS (SELECT 1 FROM json_each(cur.ej) f WHERE json_extract(f.value, '$.${flag}'))`,
    elements: 'CROSS JOIN json_each(cur.ej) x',
    field: (name) => `json_extract(x.value, '$.${name}')`,
  },
};

/**
 * The current arrivals as `cur`: counted events (neither quarantined nor voided) that no
 * counted event supersedes, exactly those the service has always counted
 * (eventQueries.ts `currentEventsSql`); a current 'void' event is no arrival. One office
 * ($1, then the dates $2..$3) or every office (the dates $1..$2).
 */
function currentArrivals(kind: StoreKind, oneOffice: boolean): string {
  const first = oneOffice ? 2 : 1;
  return `cur AS (
    SELECT e.office_id, e.local_date, e.local_time, e.status, e.waiting_seconds, e.service_seconds,
           ${JSON_SQL[kind].parsed} AS ej
      FROM events e
     WHERE ${oneOffice ? 'e.office_id = $1 AND ' : ''}e.local_date BETWEEN $${first} AND $${first + 1}
       AND e.status <> 'void' AND ${COUNTS('e')}
       AND NOT EXISTS (SELECT 1 FROM events s WHERE s.supersedes = e.id AND s.office_id = e.office_id AND ${COUNTS('s')})
  )`;
}

/** A service level is a validated whole number of minutes, written into the SQL as a literal. */
function serviceLevelSeconds(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`not a service level: ${minutes}`);
  return minutes * 60;
}

/** shared/statsCompute.ts `ArrivalSums` as aggregates over `cur`. */
function arrivalSumsSql(
  kind: StoreKind,
  serviceLevelMinutes: number,
  hasFlag: (flag: string) => string = JSON_SQL[kind].hasFlag,
): string {
  return `count(*) AS arrived, count(CASE WHEN cur.status = 'no_show' THEN 1 END) AS no_shows,
         count(cur.service_seconds) AS served, coalesce(sum(cur.service_seconds), 0) AS service_sum,
         count(cur.waiting_seconds) AS waits, coalesce(sum(cur.waiting_seconds), 0) AS wait_sum,
         max(cur.waiting_seconds) AS wait_max,
         count(CASE WHEN cur.waiting_seconds > ${serviceLevelSeconds(serviceLevelMinutes)} THEN 1 END) AS over_level,
         ${waitBucketsSql('cur.waiting_seconds')},
         count(CASE WHEN ${hasFlag('lacksEid')} THEN 1 END) AS without_eid,
         count(CASE WHEN ${hasFlag('interpreter')} THEN 1 END) AS interpreter`;
}

/** One office's arrival cells per local date and wall-clock hour of arrival ($1 office, $2..$3 dates). */
export function officeArrivalCellsSql(kind: StoreKind, serviceLevelMinutes: number): string {
  return sqlFor(
    kind,
    `WITH ${currentArrivals(kind, true)}
     SELECT cur.local_date, substr(cur.local_time, 1, 2) AS hh, ${arrivalSumsSql(kind, serviceLevelMinutes)}
       FROM cur GROUP BY cur.local_date, substr(cur.local_time, 1, 2)`,
  );
}

/** One office's errand cells per local date, agency, errand kind and outcome ($1 office, $2..$3 dates). */
export function officeErrandCellsSql(kind: StoreKind): string {
  const f = JSON_SQL[kind].field;
  return sqlFor(
    kind,
    `WITH ${currentArrivals(kind, true)}
     SELECT cur.local_date, ${f('agency')} AS agency, ${f('errandKind')} AS errand_kind, ${f('outcome')} AS outcome,
            count(*) AS errands
       FROM cur ${JSON_SQL[kind].elements}
      GROUP BY 1, 2, 3, 4`,
  );
}

const OUTCOME_SQL: readonly (Outcome | null)[] = [...OUTCOMES, null];

/**
 * Every office's sums per local date ($1..$2), in office and date order: the arrivals'
 * sums and their errands counted by agency (a0…) and by outcome (o0…, the last: none yet).
 * All a row of the national table needs; a national year is some 54,000 such rows.
 */
export function nationalDaySumsSql(kind: StoreKind, serviceLevelMinutes: number): string {
  const f = JSON_SQL[kind].field;
  const byAgency = AGENCIES.map((a, i) => `count(CASE WHEN ${f('agency')} = '${a}' THEN 1 END) AS a${i}`);
  const byOutcome = OUTCOME_SQL.map(
    (o, i) => `count(CASE WHEN ${f('outcome')} ${o === null ? 'IS NULL' : `= '${o}'`} THEN 1 END) AS o${i}`,
  );
  const tallies = ['errands', ...AGENCIES.map((_, i) => `a${i}`), ...OUTCOME_SQL.map((_, i) => `o${i}`)];
  if (kind === 'postgres')
    // One pass: each event's errands are parsed and tallied once (a lateral aggregate, one row
    // per event), then one GROUP BY over the events; no intermediate table of every event.
    return sqlFor(
      kind,
      `WITH ${currentArrivals(kind, false)}
       SELECT cur.office_id, cur.local_date,
              ${arrivalSumsSql(kind, serviceLevelMinutes, (flag) => `j.${flag === 'lacksEid' ? 'lacks_eid' : flag}`)},
              ${tallies.map((t) => `sum(j.${t}) AS ${t}`).join(', ')}
         FROM cur CROSS JOIN LATERAL (
              SELECT count(*) AS errands, ${[...byAgency, ...byOutcome].join(', ')},
                     coalesce(bool_or((${f('lacksEid')})::boolean), FALSE) AS lacks_eid,
                     coalesce(bool_or((${f('interpreter')})::boolean), FALSE) AS interpreter
                FROM jsonb_array_elements(cur.ej) x) j
        GROUP BY cur.office_id, cur.local_date
        ORDER BY cur.office_id, cur.local_date`,
    );
  // SQLite has no lateral join: the day's errands are tallied apart and joined to its arrivals.
  return sqlFor(
    kind,
    `WITH ${currentArrivals(kind, false)},
     a AS (SELECT cur.office_id, cur.local_date, ${arrivalSumsSql(kind, serviceLevelMinutes)}
             FROM cur GROUP BY cur.office_id, cur.local_date),
     x AS (SELECT cur.office_id, cur.local_date, count(*) AS errands, ${[...byAgency, ...byOutcome].join(', ')}
             FROM cur ${JSON_SQL[kind].elements} GROUP BY cur.office_id, cur.local_date)
     SELECT a.*, ${tallies.map((t) => `coalesce(x.${t}, 0) AS ${t}`).join(', ')}
       FROM a LEFT JOIN x ON x.office_id = a.office_id AND x.local_date = a.local_date
      ORDER BY a.office_id, a.local_date`,
  );
}

/** What the databases return: counts and sums are numbers in SQLite, BIGINT text from PostgreSQL. */
type Num = number | string;
export type ArrivalSumsRow = {
  arrived: Num;
  no_shows: Num;
  served: Num;
  service_sum: Num;
  waits: Num;
  wait_sum: Num;
  wait_max: Num | null;
  over_level: Num;
  without_eid: Num;
  interpreter: Num;
} & Record<`b${number}`, Num>;
export type ArrivalCellRow = ArrivalSumsRow & { local_date: string; hh: string };
export interface ErrandCellRow {
  local_date: string;
  agency: Agency;
  errand_kind: string;
  outcome: Outcome | null;
  errands: Num;
}
export type DaySumsRow = ArrivalSumsRow & { office_id: string; local_date: string; errands: Num } & Record<
    `a${number}` | `o${number}`,
    Num
  >;

function arrivalSums(r: ArrivalSumsRow): ArrivalSums {
  return {
    arrived: Number(r.arrived),
    noShows: Number(r.no_shows),
    served: Number(r.served),
    serviceSum: Number(r.service_sum),
    waits: Number(r.waits),
    waitSum: Number(r.wait_sum),
    waitMax: r.wait_max === null ? null : Number(r.wait_max),
    overServiceLevel: Number(r.over_level),
    waitBuckets: WAIT_BUCKET_MINUTES.map((_, i) => Number(r[`b${i}`] ?? 0)),
    withoutEid: Number(r.without_eid),
    interpreter: Number(r.interpreter),
  };
}

/**
 * The lived hour of a wall-clock hour on a local date: an event carries its local date and
 * time, and every minute of one wall hour falls in the same lived hour (the spring day's
 * missing 02 is read as 03, the autumn day's 02 as the second one, as `stockholmInstant`
 * reads the event's time), so the hour's first minute stands for all. Cached per report.
 */
export function livedHourOfWallHour(): (localDate: string, hh: string) => LivedHour {
  const cache = new Map<string, LivedHour>();
  return (localDate, hh) => {
    const key = `${localDate} ${hh}`;
    let lived = cache.get(key);
    if (!lived) cache.set(key, (lived = stockholmHour(stockholmInstant(localDate, `${hh}:00`))));
    return lived;
  };
}

export function arrivalCellOf(r: ArrivalCellRow, lived: (localDate: string, hh: string) => LivedHour): ArrivalCell {
  return { localDate: r.local_date, ...lived(r.local_date, r.hh), ...arrivalSums(r) };
}

export function errandCellOf(r: ErrandCellRow): ErrandCell {
  return {
    localDate: r.local_date,
    agency: r.agency,
    errandKind: r.errand_kind,
    outcome: r.outcome,
    errands: Number(r.errands),
  };
}

export interface OfficeDaySums extends DaySums {
  officeId: string;
}

export function daySumsOf(r: DaySumsRow): OfficeDaySums {
  const tally: ErrandTally = {
    errands: Number(r.errands),
    byAgency: Object.fromEntries(AGENCIES.map((a, i) => [a, Number(r[`a${i}`])])) as ErrandTally['byAgency'],
    byOutcome: Object.fromEntries(
      OUTCOME_SQL.map((o, i) => [o ?? 'none', Number(r[`o${i}`])]),
    ) as ErrandTally['byOutcome'],
  };
  return { officeId: r.office_id, localDate: r.local_date, arrivals: arrivalSums(r), errands: tally };
}
