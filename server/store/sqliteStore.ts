import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StatsEvent } from '../../shared/sync';
import { deviceFromRow, officeIdsText, type DeviceRow } from './deviceRow';
import { currentEventsSql, eventFilterSql, officesWithEventsSql } from './eventQueries';
import {
  EVENT_COLUMNS,
  eventToRow,
  HELD_EVENT_COLUMNS,
  rowToEvent,
  rowToHeldEvent,
  type EventRow,
  type HeldEventRow,
} from './eventRow';
import { migrate, runSqlite, SQLITE_BUSY_TIMEOUT_MS } from './sqliteSchema';
import {
  QuotaExceededError,
  type AnalystToken,
  type AuditEntry,
  type AuditInput,
  type Device,
  type EnrollDeviceInput,
  type EnrollOutcome,
  type GuideMeta,
  type InsertEventsInput,
  type InsertEventsResult,
  type PublishedGuide,
  type PublishedRegistry,
  type QuarantinedEvent,
  type ServerStore,
} from './types';

/** Thrown inside the enrollment transaction to roll it back: the code stays unused. */
class KeyTaken extends Error {}

export const SQLITE_FILE_NAME = 'lucka-central.sqlite';
/** The central store in `<dataDir>/lucka-central.sqlite` (WAL; one process writes). */
export function openSqliteStore(dataDir: string): ServerStore {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE_NAME);
  const db = new Database(file);
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  // FULL: a batch is confirmed to a device only once it would survive a power cut (the device then forgets it).
  db.pragma('synchronous = FULL');
  // 64 MiB of page cache: a year of a busy region's events keeps its indexes in memory.
  db.pragma('cache_size = -65536');
  migrate(db);

  const insertEvent = db.prepare(
    `INSERT INTO events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map((c) => '@' + c).join(', ')})
     ON CONFLICT (id) DO NOTHING`,
  );
  const hashOf = db.prepare('SELECT content_hash FROM events WHERE id = ?').pluck();
  const current = db.prepare(currentEventsSql('sqlite'));
  const quarantineReason = db.prepare(
    'INSERT INTO event_quarantine (event_id, reason, quarantined_at) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
  );
  const usedToday = db.prepare('SELECT events FROM device_daily_ingest WHERE device_id = ? AND day = ?').pluck();
  const addUsed = db.prepare(
    `INSERT INTO device_daily_ingest (device_id, day, events) VALUES (?, ?, ?)
     ON CONFLICT (device_id, day) DO UPDATE SET events = events + excluded.events`,
  );
  const audit = db.prepare('INSERT INTO admin_audit (at, action, filter, affected, reason) VALUES (?, ?, ?, ?, ?)');
  const writeAudit = (a: AuditInput, affected: number) => audit.run(a.at, a.action, a.filter, affected, a.reason);

  const insertAll = db.transaction((input: InsertEventsInput): InsertEventsResult => {
    const stored = new Set<string>();
    const conflicts = new Set<string>();
    const quarantined: string[] = [];
    const fresh = new Set<string>();
    for (const e of input.events) {
      const row = eventToRow(e, input);
      if (insertEvent.run(row).changes === 1) {
        stored.add(e.id);
        fresh.add(e.id);
        const reason = input.quarantine?.get(e.id);
        if (reason !== undefined) {
          quarantineReason.run(e.id, reason, input.receivedAt);
          quarantined.push(e.id);
        }
      } else if (hashOf.get(e.id) === row.content_hash) stored.add(e.id);
      else conflicts.add(e.id);
    }
    // Only new events count against the quota (a replay costs nothing); over it, the throw rolls all back.
    if (input.quota && input.deviceId && fresh.size > 0) {
      const used = (usedToday.get(input.deviceId, input.quota.day) as number | undefined) ?? 0;
      if (used + fresh.size > input.quota.max) throw new QuotaExceededError(input.quota.max, input.quota.day);
      addUsed.run(input.deviceId, input.quota.day, fresh.size);
    }
    // An id sent twice in one batch with different content: the stored one is not this one.
    for (const id of conflicts) stored.delete(id);
    return {
      stored: [...stored],
      added: [...stored].filter((id) => fresh.has(id)),
      conflicts: [...conflicts],
      quarantined,
    };
  });

  const keyInUse = db.prepare('SELECT id FROM devices WHERE key_fingerprint = ? AND revoked_at IS NULL').pluck();
  const enroll = db.transaction((input: EnrollDeviceInput): EnrollOutcome => {
    const code = db
      .prepare(
        `SELECT office_id, coalesce(office_ids, office_id) AS office_ids FROM enrollment_codes
         WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?`,
      )
      .get(input.codeHash, input.now) as { office_id: string; office_ids: string } | undefined;
    if (!code) return null;
    const officeIds = code.office_ids.split(',');
    // Not used: the officer's computer is set up for an office the code does not name.
    if (input.officeId !== undefined && !officeIds.includes(input.officeId)) return { otherOffice: officeIds };
    db.prepare('UPDATE enrollment_codes SET used_at = ?, device_id = ? WHERE code_hash = ?').run(
      input.now,
      input.deviceId,
      input.codeHash,
    );
    const holders = keyInUse.all(input.keyFingerprint) as string[];
    if (holders.length > 0 && !input.replaceSameKey) throw new KeyTaken();
    // The same computer enrolled again (it proved its key): the earlier device stops, never a twin.
    for (const id of holders)
      db.prepare('UPDATE devices SET revoked_at = ?, replaced_by = ? WHERE id = ?').run(input.now, input.deviceId, id);
    const device: Device = {
      id: input.deviceId,
      officeId: code.office_id,
      officeIds,
      name: input.name,
      publicKeyPem: input.publicKeyPem,
      keyFingerprint: input.keyFingerprint,
      createdAt: input.now,
      revokedAt: null,
      replacedBy: null,
    };
    db.prepare(
      `INSERT INTO devices (id, office_id, office_ids, name, token_hash, public_key_pem, key_fingerprint, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      device.id,
      device.officeId,
      officeIdsText(officeIds),
      device.name,
      input.tokenHash,
      device.publicKeyPem,
      device.keyFingerprint,
      input.now,
    );
    return { device, replaced: holders };
  });

  /** Every call goes through here: a busy or closed database becomes StoreUnavailableError. */
  const run = runSqlite;

  return {
    kind: 'sqlite',
    location: { kind: 'sqlite', file },
    ping: () => run(() => void db.prepare('SELECT 1').get()),
    insertEvents: (input) => run(() => insertAll.immediate(input)),
    currentEvents: (officeId, from, to) =>
      run(() => (current.all(officeId, from, to) as EventRow[]).map((r): StatsEvent => rowToEvent(r))),
    officesWithEvents: (from, to) =>
      run(() => db.prepare(officesWithEventsSql('sqlite')).pluck().all(from, to) as string[]),
    countEvents: () =>
      run(() => {
        const r = db
          .prepare('SELECT count(*) AS total, coalesce(sum(skew_flagged), 0) AS flagged FROM events')
          .get() as {
          total: number;
          flagged: number;
        };
        return { total: r.total, skewFlagged: r.flagged };
      }),

    listEvents: (filter, limit) =>
      run(() => {
        const { where, values } = eventFilterSql('sqlite', filter);
        const rows = db
          .prepare(
            `SELECT ${HELD_EVENT_COLUMNS} FROM events e WHERE ${where} ORDER BY e.local_date, e.local_time, e.id LIMIT ?`,
          )
          .all(...values, limit) as HeldEventRow[];
        return rows.map(rowToHeldEvent);
      }),
    setVoided: (filter, voidedAt, entry) =>
      run(() =>
        db
          .transaction(() => {
            const { where, values } = eventFilterSql('sqlite', filter);
            const state = voidedAt ? 'e.voided_at IS NULL' : 'e.voided_at IS NOT NULL';
            const changed = db
              .prepare(`UPDATE events AS e SET voided_at = ? WHERE ${where} AND ${state}`)
              .run(voidedAt, ...values).changes;
            writeAudit(entry, changed);
            return changed;
          })
          .immediate(),
      ),
    listQuarantine: (officeId, limit) =>
      run(() => {
        const rows = db
          .prepare(
            `SELECT ${HELD_EVENT_COLUMNS}, q.reason, q.quarantined_at FROM event_quarantine q JOIN events e ON e.id = q.event_id
             WHERE q.released_at IS NULL AND e.quarantined AND (? IS NULL OR e.office_id = ?)
             ORDER BY q.quarantined_at, e.id LIMIT ?`,
          )
          .all(officeId ?? null, officeId ?? null, limit) as (HeldEventRow & {
          reason: string;
          quarantined_at: string;
        })[];
        return rows.map((r): QuarantinedEvent => ({
          ...rowToHeldEvent(r),
          reason: r.reason,
          quarantinedAt: r.quarantined_at,
        }));
      }),
    releaseQuarantined: (eventId, entry) =>
      run(() =>
        db
          .transaction(() => {
            const changed = db
              .prepare('UPDATE events SET quarantined = 0 WHERE id = ? AND quarantined = 1')
              .run(eventId).changes;
            if (changed === 0) return false;
            db.prepare('UPDATE event_quarantine SET released_at = ? WHERE event_id = ?').run(entry.at, eventId);
            writeAudit(entry, changed);
            return true;
          })
          .immediate(),
      ),
    listAudit: () =>
      run(
        () =>
          db
            .prepare('SELECT id, at, action, filter, affected, reason FROM admin_audit ORDER BY id')
            .all() as AuditEntry[],
      ),

    createEnrollmentCode: (c) =>
      run(() => {
        db.prepare(
          'INSERT INTO enrollment_codes (code_hash, office_id, office_ids, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
        ).run(c.codeHash, c.officeId, officeIdsText([c.officeId, ...(c.officeIds ?? [])]), c.createdAt, c.expiresAt);
      }),
    enrollDevice: (input) =>
      run(() => {
        try {
          return enroll.immediate(input);
        } catch (err) {
          if (err instanceof KeyTaken) return { keyTaken: true as const };
          throw err;
        }
      }),
    setDeviceOffices: (id, officeIds) =>
      run(
        () =>
          db
            .prepare('UPDATE devices SET office_ids = ?, office_id = ? WHERE id = ?')
            .run(officeIdsText(officeIds), officeIds[0], id).changes > 0,
      ),
    deviceByTokenHash: (hash) =>
      run(() => {
        const r = db.prepare('SELECT * FROM devices WHERE token_hash = ?').get(hash) as DeviceRow | undefined;
        return r ? deviceFromRow(r) : null;
      }),
    deviceByFingerprint: (fp) =>
      run(() => {
        // Newest first: a key re-enrolled after a revocation is the one that counts.
        const r = db
          .prepare('SELECT * FROM devices WHERE key_fingerprint = ? ORDER BY revoked_at IS NULL DESC, created_at DESC')
          .get(fp) as DeviceRow | undefined;
        return r ? deviceFromRow(r) : null;
      }),
    revokeDevice: (id, at) =>
      run(() => {
        const exists = db.prepare('SELECT 1 FROM devices WHERE id = ?').get(id);
        if (!exists) return false;
        db.prepare('UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(at, id);
        return true;
      }),
    listDevices: () =>
      run(() =>
        (db.prepare('SELECT * FROM devices ORDER BY office_id, created_at').all() as DeviceRow[]).map(deviceFromRow),
      ),

    createAnalystToken: (t) =>
      run(() => {
        db.prepare('INSERT INTO analyst_tokens (id, label, token_hash, created_at) VALUES (?, ?, ?, ?)').run(
          t.id,
          t.label,
          t.tokenHash,
          t.createdAt,
        );
      }),
    analystByTokenHash: (hash) =>
      run(() => {
        const r = db
          .prepare(
            'SELECT id, label, created_at AS createdAt, revoked_at AS revokedAt FROM analyst_tokens WHERE token_hash = ?',
          )
          .get(hash) as AnalystToken | undefined;
        return r ?? null;
      }),

    listAnalysts: () =>
      run(
        () =>
          db
            .prepare(
              'SELECT id, label, created_at AS createdAt, revoked_at AS revokedAt FROM analyst_tokens ORDER BY created_at',
            )
            .all() as AnalystToken[],
      ),
    revokeAnalyst: (id, at) =>
      run(
        () =>
          db.prepare('UPDATE analyst_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(at, id)
            .changes > 0,
      ),

    publishGuide: (g) =>
      run(() => {
        const inserted = db
          .prepare(
            `INSERT INTO published_guides (package_id, version, hash, text, published_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (package_id, version) DO NOTHING`,
          )
          .run(g.packageId, g.version, g.hash, g.text, g.publishedAt).changes;
        if (inserted === 1) return 'published';
        const held = db
          .prepare('SELECT text FROM published_guides WHERE package_id = ? AND version = ?')
          .pluck()
          .get(g.packageId, g.version);
        return held === g.text ? 'unchanged' : 'refused';
      }),
    latestGuides: () =>
      run(
        () =>
          db
            .prepare(
              `SELECT package_id AS packageId, version, hash, published_at AS publishedAt FROM published_guides g
               WHERE version = (SELECT max(version) FROM published_guides WHERE package_id = g.package_id)
               ORDER BY package_id`,
            )
            .all() as GuideMeta[],
      ),
    guide: (packageId, version) =>
      run(() => {
        const r = db
          .prepare(
            `SELECT package_id AS packageId, version, hash, text, published_at AS publishedAt
             FROM published_guides WHERE package_id = ? AND version = ?`,
          )
          .get(packageId, version) as PublishedGuide | undefined;
        return r ?? null;
      }),
    publishRegistry: (r) =>
      run(() => {
        db.prepare(
          `INSERT INTO published_registry (id, hash, text, published_at) VALUES (1, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, text = excluded.text, published_at = excluded.published_at`,
        ).run(r.hash, r.text, r.publishedAt);
      }),
    registry: () =>
      run(() => {
        const r = db
          .prepare('SELECT hash, text, published_at AS publishedAt FROM published_registry WHERE id = 1')
          .get() as PublishedRegistry | undefined;
        return r ?? null;
      }),

    close: async () => {
      if (db.open) db.close();
    },
  };
}
