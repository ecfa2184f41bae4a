import BetterSqlite3, { type Database } from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../db/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../db/migrations/index';
import { openStore } from '../../../db/open';
import { tempDir } from '../../support/temp';

/**
 * Data a user could have at each schema version. When a migration is added, add the
 * data its version can hold here; the test then upgrades every earlier version.
 */
const DATA_AT_VERSION: Record<number, (db: Database) => void> = {
  0: () => {},
  1: (db) => {
    db.prepare(
      "INSERT INTO settings (key, value) VALUES ('office_id', 'storuman'), ('officer_signature', 'ANLA')",
    ).run();
  },
  2: (db) => {
    DATA_AT_VERSION[1]!(db);
    db.prepare(
      `INSERT INTO visits (id, office_id, officer_signature, started_at, local_date, closed_at)
       VALUES ('v1', 'storuman', 'ANLA', '2026-03-29T00:30:00.000Z', '2026-03-29', '2026-03-29T00:45:00.000Z')`,
    ).run();
    db.prepare(
      `INSERT INTO errands (id, visit_id, position, agency, errand_kind, outcome, created_at)
       VALUES ('e1', 'v1', 1, 'SKV', 'skv.id_card', 'referred', '2026-03-29T00:31:00.000Z')`,
    ).run();
  },
  3: (db) => {
    DATA_AT_VERSION[2]!(db);
    db.prepare("INSERT INTO queues (office_id, letter, name) VALUES ('storuman', 'A', 'Allmänt')").run();
    db.prepare("INSERT INTO counters (id, office_id, name) VALUES ('c1', 'storuman', 'Lucka 1')").run();
    db.prepare(
      `INSERT INTO tickets (id, office_id, local_date, issued_letter, seq, number, queue_letter, state, source, issued_at)
       VALUES ('t1', 'storuman', '2026-03-29', 'A', 1, 'A001', 'A', 'waiting', 'kiosk', '2026-03-29T08:00:00.000Z')`,
    ).run();
  },
  4: (db) => {
    DATA_AT_VERSION[3]!(db);
    db.prepare("UPDATE errands SET guide_ref = 'skv.id_card@1', referral_to = 'goteborg' WHERE id = 'e1'").run();
  },
  5: (db) => {
    DATA_AT_VERSION[4]!(db);
    db.prepare(
      "INSERT INTO supervisor_passphrases (office_id, hash, salt, cost_n, updated_at) VALUES ('storuman', 'aa', 'bb', 32768, '2026-03-29T00:00:00.000Z')",
    ).run();
  },
  6: (db) => {
    DATA_AT_VERSION[5]!(db);
    db.prepare(
      `INSERT INTO sync_outbox (event_id, arrival_key, office_id, local_date, payload, created_at)
       VALUES ('00000000-0000-4000-8000-000000000001', 'v:v1', 'storuman', '2026-03-29', '{}', '2026-03-29T00:45:00.000Z')`,
    ).run();
  },
  7: (db) => {
    DATA_AT_VERSION[6]!(db);
    db.prepare("UPDATE errands SET guide_outcome = 'done', outcome_reason = 'visitor_choice' WHERE id = 'e1'").run();
  },
  8: (db) => {
    DATA_AT_VERSION[7]!(db);
    db.prepare(
      `INSERT INTO hub_devices (id, name, role, token_hash, created_at, paired_at)
       VALUES ('00000000-0000-4000-8000-000000000002', 'Kiosk', 'kiosk', 'h', '2026-03-29T00:00:00.000Z', '2026-03-29T00:01:00.000Z')`,
    ).run();
  },
  9: (db) => {
    DATA_AT_VERSION[8]!(db);
    db.prepare("UPDATE sync_outbox SET receipted_at = '2026-03-30T08:00:00.000Z'").run();
  },
  10: (db) => {
    DATA_AT_VERSION[9]!(db);
    db.prepare(
      `INSERT INTO hub_pending (request_key, channel, input, created_at)
       VALUES ('00000000-0000-4000-8000-000000000003', 'tickets.finish', '{}', '2026-03-29T00:02:00.000Z')`,
    ).run();
  },
  11: (db) => {
    DATA_AT_VERSION[10]!(db);
    db.prepare(
      "INSERT INTO number_blocks (office_id, local_date, letter, floor, reserved, acknowledged) VALUES ('storuman', '2026-03-29', 'A', 0, 20, 20)",
    ).run();
  },
  12: (db) => {
    DATA_AT_VERSION[11]!(db);
    db.prepare(
      `INSERT INTO standby_outbox (event_id, hub_seq, body) VALUES ('00000000-0000-4000-8000-000000000004', 7, '{}')`,
    ).run();
  },
};

/** What must still be there after upgrading from `version`. */
function expectDataOf(db: Database, version: number) {
  if (version >= 1) {
    expect(db.prepare('SELECT key, value FROM settings ORDER BY key').all()).toEqual([
      { key: 'office_id', value: 'storuman' },
      { key: 'officer_signature', value: 'ANLA' },
    ]);
  }
  if (version >= 2) {
    expect(db.prepare('SELECT id, local_date, closed_at FROM visits').all()).toEqual([
      { id: 'v1', local_date: '2026-03-29', closed_at: '2026-03-29T00:45:00.000Z' },
    ]);
    expect(db.prepare('SELECT id, agency, errand_kind, outcome FROM errands').all()).toEqual([
      { id: 'e1', agency: 'SKV', errand_kind: 'skv.id_card', outcome: 'referred' },
    ]);
  }
  if (version >= 3) {
    expect(db.prepare('SELECT id, number, state FROM tickets').all()).toEqual([
      { id: 't1', number: 'A001', state: 'waiting' },
    ]);
  }
  if (version >= 4) {
    expect(db.prepare('SELECT guide_ref, referral_to FROM errands').all()).toEqual([
      { guide_ref: 'skv.id_card@1', referral_to: 'goteborg' },
    ]);
  }
  // Errands from before version 7 have no guide outcome and no reason: nothing is made up for them.
  if (version >= 2) {
    expect(db.prepare('SELECT guide_outcome, outcome_reason FROM errands').all()).toEqual([
      version >= 7
        ? { guide_outcome: 'done', outcome_reason: 'visitor_choice' }
        : { guide_outcome: null, outcome_reason: null },
    ]);
  }
  // An outbox event keeps its receipt state: none before version 9.
  if (version >= 6)
    expect(db.prepare('SELECT receipted_at FROM sync_outbox').pluck().all()).toEqual([
      version >= 9 ? '2026-03-30T08:00:00.000Z' : null,
    ]);
  if (version >= 8) {
    expect(db.prepare('SELECT id, name, role FROM hub_devices').all()).toEqual([
      { id: '00000000-0000-4000-8000-000000000002', name: 'Kiosk', role: 'kiosk' },
    ]);
  }
  // Tickets and events from before version 10 were nobody else's: the hub's own.
  if (version >= 3)
    expect(db.prepare('SELECT handed_to_device FROM tickets').all()).toEqual([{ handed_to_device: null }]);
  if (version >= 10)
    expect(db.prepare('SELECT channel, refused FROM hub_pending').all()).toEqual([
      { channel: 'tickets.finish', refused: null },
    ]);
  // A hub from before takeovers starts at epoch 1 with no standby.
  if (schemaVersion(db) >= 11) {
    expect(db.prepare('SELECT epoch, standby_device_id FROM hub_state').all()).toEqual([
      { epoch: 1, standby_device_id: null },
    ]);
  }
  if (version >= 11) {
    expect(db.prepare('SELECT letter, reserved, acknowledged FROM number_blocks').all()).toEqual([
      { letter: 'A', reserved: 20, acknowledged: 20 },
    ]);
  }
  // A hub from before statistics travelled with the standby's copy: its standby holds nothing yet.
  if (schemaVersion(db) >= 12)
    expect(db.prepare('SELECT standby_outbox_acked FROM hub_state').all()).toEqual([{ standby_outbox_acked: 0 }]);
  if (version >= 12)
    expect(db.prepare('SELECT event_id, hub_seq FROM standby_outbox').all()).toEqual([
      { event_id: '00000000-0000-4000-8000-000000000004', hub_seq: 7 },
    ]);
}

describe('migrations', () => {
  it('are numbered 1..N without gaps, and every version has test data', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (let v = 0; v <= LATEST_SCHEMA_VERSION; v++)
      expect(DATA_AT_VERSION[v], `data for v${v}`).toBeTypeOf('function');
  });

  for (let from = 0; from < LATEST_SCHEMA_VERSION; from++) {
    it(`upgrade a database from version ${from} to ${LATEST_SCHEMA_VERSION} with its data intact`, () => {
      const file = join(tempDir(), 'lucka.sqlite');
      const old = new BetterSqlite3(file);
      migrate(old, from);
      expect(schemaVersion(old)).toBe(from);
      DATA_AT_VERSION[from]!(old);
      old.close();

      const store = openStore(file);
      expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expectDataOf(store.db, from);
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      store.close();
    });
  }

  it('apply all-or-nothing: a failing migration leaves the previous version untouched', () => {
    const file = join(tempDir(), 'lucka.sqlite');
    const db = new BetterSqlite3(file);
    migrate(db, 1);
    DATA_AT_VERSION[1]!(db);
    // Migration 2 runs fine; migration 3 then fails (its first table already exists).
    db.exec('CREATE TABLE queues (x INTEGER)');
    expect(() => migrate(db)).toThrow(expect.objectContaining({ code: 'MIGRATION_FAILED' }));
    expect(schemaVersion(db)).toBe(1);
    // Nothing of migration 2 survived either: one transaction for all.
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('visits', 'errands')").all()).toEqual([]);
    expectDataOf(db, 1);
    db.close();
  });
});
