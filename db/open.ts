import BetterSqlite3, { type Database } from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from './errors';
import { migrate, schemaVersion } from './migrate';

export interface OpenOptions {
  /**
   * Path to a better_sqlite3.node built for the running ABI. Electron's backend passes
   * its own build here; Node (tests, preview) uses the package's default build.
   */
  nativeBinding?: string;
}

export interface Store {
  db: Database;
  file: string;
  schemaVersion: number;
  /** The previous run did not close the store; it was integrity-checked before use. */
  recoveredFromUncleanShutdown: boolean;
  /** The driver build in use, for other connections this process opens (backups). */
  nativeBinding: string | undefined;
  close(): void;
}

export const DATABASE_FILE_NAME = 'lucka.sqlite';

/** Present while a store is open; left behind by a crash or power cut. */
function markerPath(file: string): string {
  return `${file}.open`;
}

/**
 * Opens (creating if needed) the store: pragmas for a case log that must survive a
 * power cut, an integrity check if the last run ended uncleanly, then migrations.
 */
export function openStore(file: string, options: OpenOptions = {}): Store {
  mkdirSync(dirname(file), { recursive: true });
  const marker = markerPath(file);
  const unclean = existsSync(marker) && existsSync(file);
  const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // WAL: readers never block the writer. FULL: an acknowledged commit survives a power cut.
    // A file too damaged to even set pragmas on is as corrupt as one failing the check.
    try {
      db.pragma('journal_mode = WAL');
    } catch (err) {
      throw new StoreError('CORRUPT', `The database ${file} cannot be read: ${(err as Error).message}`);
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Deleted content (purged notes) is overwritten, not left in free pages.
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    if (unclean) {
      let result: unknown;
      try {
        result = db.pragma('integrity_check', { simple: true });
      } catch (err) {
        result = (err as Error).message;
      }
      if (result !== 'ok') {
        throw new StoreError(
          'CORRUPT',
          `The database ${file} failed its integrity check after an unclean shutdown (${String(result)}). ` +
            'It was left untouched; restore the latest backup from the backups folder.',
        );
      }
    }
    migrate(db);
  } catch (err) {
    db.close();
    throw err;
  }
  writeFileSync(marker, String(process.pid));
  let open = true;
  return {
    db,
    file,
    schemaVersion: schemaVersion(db),
    recoveredFromUncleanShutdown: unclean,
    nativeBinding: options.nativeBinding,
    close() {
      if (!open) return;
      open = false;
      db.close();
      rmSync(marker, { force: true });
    },
  };
}

/**
 * An online, consistent copy made with SQLite's backup API while the store stays in
 * use. Returns the backup's path.
 */
export async function backupStore(store: Store, target: string): Promise<string> {
  mkdirSync(dirname(target), { recursive: true });
  await store.db.backup(target);
  return target;
}
