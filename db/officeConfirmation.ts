import type { Database } from 'better-sqlite3';

/**
 * What a travelling device remembers about where it works (issue 18), in the settings table:
 * the office the officer last confirmed and on which local day (the start-of-day screen asks
 * again on a new day and after every switch), and the device's home office: the first office
 * it was ever set up for, which switching never changes (the first supervisor passphrase).
 */
const CONFIRMED_OFFICE = 'office_confirmed_id';
const CONFIRMED_ON = 'office_confirmed_on';
const HOME_OFFICE = 'home_office_id';

function read(db: Database, key: string): string | null {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

function write(db: Database, key: string, value: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

export function readOfficeConfirmation(db: Database): { officeId: string | null; on: string | null } {
  return { officeId: read(db, CONFIRMED_OFFICE), on: read(db, CONFIRMED_ON) };
}

export function writeOfficeConfirmation(db: Database, officeId: string, localDate: string): void {
  db.transaction(() => {
    write(db, CONFIRMED_OFFICE, officeId);
    write(db, CONFIRMED_ON, localDate);
  })();
}

export function readHomeOffice(db: Database): string | null {
  return read(db, HOME_OFFICE);
}

/** Set once, at the device's first setup; never replaced. */
export function recordHomeOffice(db: Database, officeId: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(HOME_OFFICE, officeId);
}

/** Whether the store holds any arrival of another office than this one (the device has travelled). */
export function hasOtherOfficesData(db: Database, officeId: string): boolean {
  return (
    db
      .prepare('SELECT 1 FROM visits WHERE office_id <> ? UNION ALL SELECT 1 FROM tickets WHERE office_id <> ? LIMIT 1')
      .get(officeId, officeId) !== undefined
  );
}
