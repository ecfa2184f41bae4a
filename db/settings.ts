import type { Database } from 'better-sqlite3';
import type { Setup } from '../shared/api';

const OFFICE_KEY = 'office_id';
const SIGNATURE_KEY = 'officer_signature';

export function readSetup(db: Database): Setup | null {
  const rows = db.prepare('SELECT key, value FROM settings WHERE key IN (?, ?)').all(OFFICE_KEY, SIGNATURE_KEY) as {
    key: string;
    value: string;
  }[];
  const map = new Map(rows.map((r) => [r.key, r.value]));
  const officeId = map.get(OFFICE_KEY);
  const officerSignature = map.get(SIGNATURE_KEY);
  return officeId && officerSignature ? { officeId, officerSignature } : null;
}

export function writeSetup(db: Database, setup: Setup): void {
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  db.transaction(() => {
    upsert.run(OFFICE_KEY, setup.officeId);
    upsert.run(SIGNATURE_KEY, setup.officerSignature);
  })();
}
