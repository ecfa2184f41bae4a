import { openPostgresStore } from './postgresStore';
import { openSqliteStore } from './sqliteStore';
import type { ServerStore } from './types';

export interface OpenServerStoreOptions {
  /** Where the SQLite file lives (ignored with PostgreSQL). */
  dataDir: string;
  /** PostgreSQL connection string; defaults to the DATABASE_URL environment variable. */
  databaseUrl?: string | undefined;
}

/** PostgreSQL when a database URL is given (the national deployment), else SQLite in the data dir. */
export async function openServerStore(options: OpenServerStoreOptions): Promise<ServerStore> {
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  if (url) return openPostgresStore(url);
  return openSqliteStore(options.dataDir);
}
