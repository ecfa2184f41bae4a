import { WAIT_BUCKET_MINUTES } from './stats';

/**
 * The waiting-time buckets as SQL aggregates `b0`…`b5` over a column of waiting seconds,
 * for the stores that form statistics cells in SQL (the desktop's db/stats.ts, the central
 * service's server/store/cellQueries.ts): from WAIT_BUCKET_MINUTES, each bucket including
 * its upper edge, as `bucketIndex` (shared/statsCompute.ts) counts them. Valid in SQLite and
 * PostgreSQL alike.
 */
export function waitBucketsSql(waitingSeconds: string): string {
  return WAIT_BUCKET_MINUTES.map((edge, i) => {
    const next = WAIT_BUCKET_MINUTES[i + 1];
    const above = i === 0 ? 'TRUE' : `${waitingSeconds} > ${edge * 60}`;
    const within = next === undefined ? 'TRUE' : `${waitingSeconds} <= ${next * 60}`;
    return `count(CASE WHEN ${above} AND ${within} THEN 1 END) AS b${i}`;
  }).join(',\n         ');
}
