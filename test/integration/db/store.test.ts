import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../db/errors';
import { LATEST_SCHEMA_VERSION } from '../../../db/migrations/index';
import { dailyBackup } from '../../../db/backups';
import { backupStore, openStore } from '../../../db/open';
import { tempDir } from '../../support/temp';

describe('openStore', () => {
  it('opens with WAL, foreign keys and synchronous=FULL, at the newest schema', () => {
    const file = join(tempDir(), 'lucka.sqlite');
    const store = openStore(file);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // 2 = FULL
    expect(store.db.pragma('secure_delete', { simple: true })).toBe(1); // purged notes are overwritten
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(store.recoveredFromUncleanShutdown).toBe(false);
    store.close();
  });

  it('enforces foreign keys: an errand needs its visit', () => {
    const store = openStore(join(tempDir(), 'lucka.sqlite'));
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO errands (id, visit_id, position, agency, errand_kind, created_at) VALUES ('e', 'missing', 1, 'SKV', 'skv.moving', 'x')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('refuses a database written by a newer Lucka, and leaves it untouched', () => {
    const file = join(tempDir(), 'lucka.sqlite');
    const future = new BetterSqlite3(file);
    future.exec('CREATE TABLE from_the_future (x INTEGER)');
    future.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    future.close();

    let error: unknown;
    try {
      openStore(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('SCHEMA_TOO_NEW');
    expect((error as StoreError).message).toMatch(/newer Lucka/);

    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'visits'").get()).toBeUndefined();
    check.close();
  });

  it('notices an unclean shutdown, checks integrity, and keeps committed rows', () => {
    const dir = tempDir();
    const file = join(dir, 'lucka.sqlite');
    const first = openStore(file);
    first.db.prepare("INSERT INTO settings (key, value) VALUES ('office_id', 'storuman')").run();
    // Simulate a crash: the connection goes away without close(), the marker stays.
    first.db.close();
    expect(existsSync(`${file}.open`)).toBe(true);

    const second = openStore(file);
    expect(second.recoveredFromUncleanShutdown).toBe(true);
    expect(second.db.prepare("SELECT value FROM settings WHERE key = 'office_id'").get()).toEqual({
      value: 'storuman',
    });
    second.close();
    expect(existsSync(`${file}.open`)).toBe(false);

    const third = openStore(file);
    expect(third.recoveredFromUncleanShutdown).toBe(false);
    third.close();
  });

  it('loses nothing committed and keeps nothing uncommitted when the writer is killed mid-transaction', () => {
    const file = join(tempDir(), 'lucka.sqlite');
    const store = openStore(file);
    store.db.prepare("INSERT INTO settings (key, value) VALUES ('office_id', 'torsby')").run();
    store.db.close(); // the app dies too: marker left, WAL not checkpointed

    const child = spawnSync(process.execPath, [join(__dirname, '../../support/crashWriter.cjs'), file, '5000'], {
      encoding: 'utf8',
    });
    expect(child.stdout).toContain('written');
    expect(child.signal).toBe('SIGKILL');

    const reopened = openStore(file);
    expect(reopened.recoveredFromUncleanShutdown).toBe(true);
    expect(reopened.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(reopened.db.prepare('SELECT key, value FROM settings').all()).toEqual([
      { key: 'office_id', value: 'torsby' },
    ]);
    reopened.close();
  });

  it('refuses a corrupt database after an unclean shutdown instead of writing to it', () => {
    const file = join(tempDir(), 'lucka.sqlite');
    const store = openStore(file);
    store.db.pragma('journal_mode = DELETE'); // a single file, so the damage below is all there is
    store.db.prepare("INSERT INTO settings (key, value) VALUES ('office_id', 'x')").run();
    store.db.close();
    // Overwrite a page in the middle with garbage, as a failing disk would.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, 4096);
    closeSync(fd);

    expect(() => openStore(file)).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
    expect(existsSync(`${file}.open`)).toBe(true); // still flagged: the next start checks again
  });

  it('makes an online backup that opens and holds the data', async () => {
    const dir = tempDir();
    const store = openStore(join(dir, 'lucka.sqlite'));
    store.db.prepare("INSERT INTO settings (key, value) VALUES ('office_id', 'visby')").run();
    const target = await backupStore(store, join(dir, 'backups', 'copy.sqlite'));
    store.close();
    const copy = new BetterSqlite3(target, { readonly: true });
    expect(copy.prepare("SELECT value FROM settings WHERE key = 'office_id'").get()).toEqual({ value: 'visby' });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('keeps one backup per Stockholm day, the newest seven', async () => {
    const dir = tempDir();
    const backups = join(dir, 'backups');
    const store = openStore(join(dir, 'lucka.sqlite'));
    // 23:30 UTC on 1 March is already 2 March in Stockholm.
    expect(await dailyBackup(store, backups, new Date('2026-03-01T23:30:00Z'))).toMatch(/lucka-2026-03-02\.sqlite$/);
    expect(await dailyBackup(store, backups, new Date('2026-03-02T12:00:00Z'))).toBeNull(); // same day
    for (let day = 3; day <= 12; day++) {
      await dailyBackup(store, backups, new Date(`2026-03-${String(day).padStart(2, '0')}T09:00:00Z`));
    }
    store.close();
    expect(readdirSync(backups).sort()).toEqual(
      [6, 7, 8, 9, 10, 11, 12].map((d) => `lucka-2026-03-${String(d).padStart(2, '0')}.sqlite`),
    );
  });

  it('creates the data directory when it does not exist yet', () => {
    const file = join(tempDir(), 'nested', 'deeper', 'lucka.sqlite');
    const store = openStore(file);
    expect(existsSync(file)).toBe(true);
    store.close();
  });
});
