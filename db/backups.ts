import BetterSqlite3 from 'better-sqlite3';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stockholmDate } from '../shared/time';
import { backupStore, type Store } from './open';

const NAME = /^lucka-(\d{4}-\d{2}-\d{2})\.sqlite$/;

/**
 * One backup per local day, made at start: `backups/lucka-YYYY-MM-DD.sqlite`, keeping
 * the newest `keep`. Written under a temporary name and renamed, so a crash mid-backup
 * never leaves a half file that looks like a good one. Returns the new path, or null
 * when today's backup already exists.
 */
export async function dailyBackup(store: Store, backupDir: string, now = new Date(), keep = 7): Promise<string | null> {
  const target = join(backupDir, `lucka-${stockholmDate(now)}.sqlite`);
  if (existsSync(target)) return null;
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  await backupStore(store, partial);
  scrubNotes(partial, store.nativeBinding);
  renameSync(partial, target);
  const backups = readdirSync(backupDir)
    .filter((f) => NAME.test(f))
    .sort()
    .reverse();
  for (const old of backups.slice(keep)) rmSync(join(backupDir, old), { force: true });
  return target;
}

/**
 * Backups keep the case log, never the officers' notes: those live only until the end
 * of the next working day (docs/domain.md, Privacy). Cleared and vacuumed, so no bytes remain.
 */
function scrubNotes(file: string, nativeBinding: string | undefined): void {
  const db = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma('secure_delete = ON');
    db.prepare('UPDATE errands SET note = NULL, note_purge_after = NULL WHERE note IS NOT NULL').run();
    db.exec('VACUUM');
  } finally {
    db.close();
  }
}
