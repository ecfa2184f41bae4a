import pg001 from './postgres/001_central.sql';
import pg002 from './postgres/002_hardening.sql';
import pg003 from './postgres/003_travelling_devices.sql';
import sqlite001 from './sqlite/001_central.sql';
import sqlite002 from './sqlite/002_hardening.sql';
import sqlite003 from './sqlite/003_travelling_devices.sql';

export interface ServerMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Forward-only and numbered, one list per database; append, never edit a shipped one. Each
 * applied migration is recorded in schema_migrations, in the same transaction as its SQL.
 */
export const SQLITE_MIGRATIONS: readonly ServerMigration[] = [
  { version: 1, name: '001_central', sql: sqlite001 },
  { version: 2, name: '002_hardening', sql: sqlite002 },
  { version: 3, name: '003_travelling_devices', sql: sqlite003 },
];
export const POSTGRES_MIGRATIONS: readonly ServerMigration[] = [
  { version: 1, name: '001_central', sql: pg001 },
  { version: 2, name: '002_hardening', sql: pg002 },
  { version: 3, name: '003_travelling_devices', sql: pg003 },
];
