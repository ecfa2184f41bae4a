import pg from 'pg';
import type { StatsEvent } from '../../shared/sync';
import { deviceFromRow, officeIdsText, type DeviceRow } from './deviceRow';
import { currentEventsSql, eventFilterSql, officesWithEventsSql } from './eventQueries';
import {
  BOOLEAN_COLUMNS,
  EVENT_COLUMNS,
  eventToRow,
  HELD_EVENT_COLUMNS,
  rowToEvent,
  rowToHeldEvent,
  type EventRow,
  type HeldEventRow,
} from './eventRow';
import { isPostgresUnavailable, migratePostgres } from './postgresSchema';
import {
  QuotaExceededError,
  StoreUnavailableError,
  type AnalystToken,
  type AuditEntry,
  type AuditInput,
  type Device,
  type EnrollOutcome,
  type GuideMeta,
  type InsertEventsResult,
  type PublishedGuide,
  type PublishedRegistry,
  type QuarantinedEvent,
  type ServerStore,
} from './types';

/** Thrown inside the enrollment transaction to roll it back: the code stays unused. */
class KeyTakenRollback extends Error {}

/** Rows per INSERT statement: 17 parameters each stays far below PostgreSQL's 65535. */
const INSERT_CHUNK = 500;
/** How long a statement waits for a lock before giving up (55P03, answered as 503). */
export const PG_LOCK_TIMEOUT_MS = 2000;

/** The central store in PostgreSQL (DATABASE_URL): a pool, one transaction per write. */
export async function openPostgresStore(databaseUrl: string): Promise<ServerStore> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: 3000,
    // A table locked by someone else becomes a 503 within seconds, not a request hanging on.
    lock_timeout: PG_LOCK_TIMEOUT_MS,
    statement_timeout: 30_000,
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);

  const run = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (isPostgresUnavailable(err)) throw new StoreUnavailableError('the database is busy or unavailable', err);
      throw err;
    }
  };

  const tx = <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> =>
    run(async () => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        // A client whose ROLLBACK failed is not given back to the pool.
        client.release(broken);
      }
    });

  const query = <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
    run(() => pool.query<R>(text, values)).then((r) => r.rows);

  try {
    await run(() => migratePostgres(pool));
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }

  const writeAudit = (c: pg.PoolClient, a: AuditInput, affected: number) =>
    c.query('INSERT INTO admin_audit (at, action, filter, affected, reason) VALUES ($1, $2, $3, $4, $5)', [
      a.at,
      a.action,
      a.filter,
      affected,
      a.reason,
    ]);

  return {
    kind: 'postgres',
    location: { kind: 'postgres', url: databaseUrl },
    ping: async () => {
      await query('SELECT 1');
    },

    insertEvents: (input) =>
      tx(async (c): Promise<InsertEventsResult> => {
        const rows = input.events.map((e) => eventToRow(e, input));
        const inserted: string[] = [];
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          const chunk = rows.slice(i, i + INSERT_CHUNK);
          const values: unknown[] = [];
          const tuples = chunk.map((row) => {
            const params = EVENT_COLUMNS.map((col) => {
              values.push(BOOLEAN_COLUMNS.has(col) ? row[col] === 1 : row[col]);
              return `$${values.length}`;
            });
            return `(${params.join(', ')})`;
          });
          const r = await c.query<{ id: string }>(
            `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id`,
            values,
          );
          for (const x of r.rows) inserted.push(x.id);
        }
        // Only new events count against the quota (a replay costs nothing); over it, the throw rolls all back.
        if (input.quota && input.deviceId && inserted.length > 0) {
          const used = await c.query<{ events: number }>(
            `INSERT INTO device_daily_ingest (device_id, day, events) VALUES ($1, $2, $3)
             ON CONFLICT (device_id, day) DO UPDATE SET events = device_daily_ingest.events + excluded.events
             RETURNING events`,
            [input.deviceId, input.quota.day, inserted.length],
          );
          if ((used.rows[0]?.events ?? 0) > input.quota.max)
            throw new QuotaExceededError(input.quota.max, input.quota.day);
        }
        const quarantined = inserted.filter((id) => input.quarantine?.has(id));
        if (quarantined.length > 0)
          await c.query(
            `INSERT INTO event_quarantine (event_id, reason, quarantined_at)
             SELECT id, reason, $3 FROM unnest($1::text[], $2::text[]) AS q(id, reason) ON CONFLICT (event_id) DO NOTHING`,
            [quarantined, quarantined.map((id) => input.quarantine!.get(id)!), input.receivedAt],
          );
        // Compare what is held now (new or old) with what was sent, id by id.
        const held = new Map<string, string>();
        const ids = [...new Set(rows.map((r) => r.id))];
        for (let i = 0; i < ids.length; i += 10_000) {
          const r = await c.query<{ id: string; content_hash: string }>(
            'SELECT id, content_hash FROM events WHERE id = ANY($1::text[])',
            [ids.slice(i, i + 10_000)],
          );
          for (const x of r.rows) held.set(x.id, x.content_hash);
        }
        const stored = new Set<string>();
        const conflicts = new Set<string>();
        for (const row of rows) (held.get(row.id) === row.content_hash ? stored : conflicts).add(row.id);
        for (const id of conflicts) stored.delete(id);
        const fresh = new Set(inserted);
        return {
          stored: [...stored],
          added: [...stored].filter((id) => fresh.has(id)),
          conflicts: [...conflicts],
          quarantined,
        };
      }),

    currentEvents: async (officeId, from, to) =>
      (await query<EventRow>(currentEventsSql('postgres'), [officeId, from, to])).map((r): StatsEvent => rowToEvent(r)),

    officesWithEvents: async (from, to) =>
      (await query<{ office_id: string }>(officesWithEventsSql('postgres'), [from, to])).map((r) => r.office_id),

    countEvents: async () => {
      const [r] = await query<{ total: number; flagged: number }>(
        'SELECT count(*)::int AS total, count(*) FILTER (WHERE skew_flagged)::int AS flagged FROM events',
      );
      return { total: r?.total ?? 0, skewFlagged: r?.flagged ?? 0 };
    },

    listEvents: async (filter, limit) => {
      const { where, values } = eventFilterSql('postgres', filter);
      const rows = await query<HeldEventRow>(
        `SELECT ${HELD_EVENT_COLUMNS} FROM events e WHERE ${where} ORDER BY e.local_date, e.local_time, e.id LIMIT $${values.length + 1}`,
        [...values, limit],
      );
      return rows.map(rowToHeldEvent);
    },
    setVoided: (filter, voidedAt, entry) =>
      tx(async (c) => {
        const { where, values } = eventFilterSql('postgres', filter, 2);
        const state = voidedAt ? 'e.voided_at IS NULL' : 'e.voided_at IS NOT NULL';
        const r = await c.query(`UPDATE events AS e SET voided_at = $1 WHERE ${where} AND ${state}`, [
          voidedAt,
          ...values,
        ]);
        const changed = r.rowCount ?? 0;
        await writeAudit(c, entry, changed);
        return changed;
      }),
    listQuarantine: async (officeId, limit) => {
      const rows = await query<HeldEventRow & { reason: string; quarantined_at: string }>(
        `SELECT ${HELD_EVENT_COLUMNS}, q.reason, q.quarantined_at FROM event_quarantine q JOIN events e ON e.id = q.event_id
         WHERE q.released_at IS NULL AND e.quarantined AND ($1::text IS NULL OR e.office_id = $1)
         ORDER BY q.quarantined_at, e.id LIMIT $2`,
        [officeId ?? null, limit],
      );
      return rows.map((r): QuarantinedEvent => ({
        ...rowToHeldEvent(r),
        reason: r.reason,
        quarantinedAt: r.quarantined_at,
      }));
    },
    releaseQuarantined: (eventId, entry) =>
      tx(async (c) => {
        const r = await c.query('UPDATE events SET quarantined = FALSE WHERE id = $1 AND quarantined', [eventId]);
        if (!r.rowCount) return false;
        await c.query('UPDATE event_quarantine SET released_at = $1 WHERE event_id = $2', [entry.at, eventId]);
        await writeAudit(c, entry, r.rowCount);
        return true;
      }),
    listAudit: async () =>
      (
        await query<AuditEntry & { id: string }>(
          'SELECT id, at, action, filter, affected, reason FROM admin_audit ORDER BY id',
        )
      ).map((r) => ({ ...r, id: Number(r.id) })),

    createEnrollmentCode: async (c) => {
      await query(
        'INSERT INTO enrollment_codes (code_hash, office_id, office_ids, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [c.codeHash, c.officeId, officeIdsText([c.officeId, ...(c.officeIds ?? [])]), c.createdAt, c.expiresAt],
      );
    },

    enrollDevice: (input) =>
      tx(async (c): Promise<EnrollOutcome> => {
        // FOR UPDATE: a concurrent second use of the code waits here, then finds used_at set.
        const code = await c.query<{ office_id: string; office_ids: string }>(
          `SELECT office_id, coalesce(office_ids, office_id) AS office_ids FROM enrollment_codes
           WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 FOR UPDATE`,
          [input.codeHash, input.now],
        );
        const row = code.rows[0];
        if (!row) return null;
        const officeIds = row.office_ids.split(',');
        // Not used: the officer's computer is set up for an office the code does not name.
        if (input.officeId !== undefined && !officeIds.includes(input.officeId)) return { otherOffice: officeIds };
        await c.query('UPDATE enrollment_codes SET used_at = $1, device_id = $2 WHERE code_hash = $3', [
          input.now,
          input.deviceId,
          input.codeHash,
        ]);
        // The same computer enrolled again (it proved its key): the earlier device stops, never a twin.
        const replaced = input.replaceSameKey
          ? (
              await c.query<{ id: string }>(
                `UPDATE devices SET revoked_at = $1, replaced_by = $2
                 WHERE key_fingerprint = $3 AND revoked_at IS NULL RETURNING id`,
                [input.now, input.deviceId, input.keyFingerprint],
              )
            ).rows.map((r) => r.id)
          : [];
        // ON CONFLICT on the partial unique index: a key an active device holds (even one
        // enrolling at this very moment) leaves no row; the rollback leaves the code unused.
        const added = await c.query(
          `INSERT INTO devices (id, office_id, office_ids, name, token_hash, public_key_pem, key_fingerprint, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (key_fingerprint) WHERE revoked_at IS NULL DO NOTHING`,
          [
            input.deviceId,
            row.office_id,
            officeIdsText(officeIds),
            input.name,
            input.tokenHash,
            input.publicKeyPem,
            input.keyFingerprint,
            input.now,
          ],
        );
        if (added.rowCount === 0) throw new KeyTakenRollback();
        const device: Device = {
          id: input.deviceId,
          officeId: row.office_id,
          officeIds,
          name: input.name,
          publicKeyPem: input.publicKeyPem,
          keyFingerprint: input.keyFingerprint,
          createdAt: input.now,
          revokedAt: null,
          replacedBy: null,
        };
        return { device, replaced };
      }).catch((err: unknown) => {
        if (err instanceof KeyTakenRollback) return { keyTaken: true as const };
        throw err;
      }),

    setDeviceOffices: async (id, officeIds) =>
      (
        await query('UPDATE devices SET office_ids = $1, office_id = $2 WHERE id = $3 RETURNING id', [
          officeIdsText(officeIds),
          officeIds[0],
          id,
        ])
      ).length > 0,
    deviceByTokenHash: async (hash) => {
      const [r] = await query<DeviceRow>('SELECT * FROM devices WHERE token_hash = $1', [hash]);
      return r ? deviceFromRow(r) : null;
    },
    deviceByFingerprint: async (fp) => {
      const [r] = await query<DeviceRow>(
        'SELECT * FROM devices WHERE key_fingerprint = $1 ORDER BY (revoked_at IS NULL) DESC, created_at DESC LIMIT 1',
        [fp],
      );
      return r ? deviceFromRow(r) : null;
    },
    revokeDevice: async (id, at) => {
      const rows = await query('UPDATE devices SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING id', [
        at,
        id,
      ]);
      return rows.length > 0;
    },
    listDevices: async () =>
      (await query<DeviceRow>('SELECT * FROM devices ORDER BY office_id, created_at')).map(deviceFromRow),

    createAnalystToken: async (t) => {
      await query('INSERT INTO analyst_tokens (id, label, token_hash, created_at) VALUES ($1, $2, $3, $4)', [
        t.id,
        t.label,
        t.tokenHash,
        t.createdAt,
      ]);
    },
    analystByTokenHash: async (hash) => {
      const [r] = await query<AnalystToken>(
        'SELECT id, label, created_at AS "createdAt", revoked_at AS "revokedAt" FROM analyst_tokens WHERE token_hash = $1',
        [hash],
      );
      return r ?? null;
    },

    listAnalysts: async () =>
      query<AnalystToken>(
        'SELECT id, label, created_at AS "createdAt", revoked_at AS "revokedAt" FROM analyst_tokens ORDER BY created_at',
      ),
    revokeAnalyst: async (id, at) =>
      (
        await query('UPDATE analyst_tokens SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 RETURNING id', [
          at,
          id,
        ])
      ).length > 0,

    publishGuide: async (g) => {
      const inserted = await query(
        `INSERT INTO published_guides (package_id, version, hash, text, published_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (package_id, version) DO NOTHING RETURNING version`,
        [g.packageId, g.version, g.hash, g.text, g.publishedAt],
      );
      if (inserted.length === 1) return 'published';
      const [held] = await query<{ text: string }>(
        'SELECT text FROM published_guides WHERE package_id = $1 AND version = $2',
        [g.packageId, g.version],
      );
      return held?.text === g.text ? 'unchanged' : 'refused';
    },
    latestGuides: () =>
      query<GuideMeta>(
        `SELECT DISTINCT ON (package_id) package_id AS "packageId", version, hash, published_at AS "publishedAt"
         FROM published_guides ORDER BY package_id, version DESC`,
      ),
    guide: async (packageId, version) => {
      const [r] = await query<PublishedGuide>(
        `SELECT package_id AS "packageId", version, hash, text, published_at AS "publishedAt"
         FROM published_guides WHERE package_id = $1 AND version = $2`,
        [packageId, version],
      );
      return r ?? null;
    },
    publishRegistry: async (r) => {
      await query(
        `INSERT INTO published_registry (id, hash, text, published_at) VALUES (1, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, text = excluded.text, published_at = excluded.published_at`,
        [r.hash, r.text, r.publishedAt],
      );
    },
    registry: async () => {
      const [r] = await query<PublishedRegistry>(
        'SELECT hash, text, published_at AS "publishedAt" FROM published_registry WHERE id = 1',
      );
      return r ?? null;
    },

    close: async () => {
      await pool.end().catch(() => undefined);
    },
  };
}
