import settings from './001_settings.sql';
import caseLog from './002_case_log.sql';
import queue from './003_queue.sql';
import guides from './004_guides.sql';
import supervisor from './005_supervisor.sql';
import syncOutbox from './006_sync_outbox.sql';
import outcomeReasons from './007_outcome_reasons.sql';
import officeHub from './008_office_hub.sql';
import outboxReceipts from './009_outbox_receipts.sql';
import arrivalsOnCounters from './010_arrivals_on_counters.sql';
import hubTakeover from './011_hub_takeover.sql';
import standbyOutbox from './012_standby_outbox.sql';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Forward-only, numbered. Append; never edit a migration that has shipped:
 * test/integration/db/migrations.test.ts upgrades a database of every earlier
 * version (with data) to the newest.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '001_settings', sql: settings },
  { version: 2, name: '002_case_log', sql: caseLog },
  { version: 3, name: '003_queue', sql: queue },
  { version: 4, name: '004_guides', sql: guides },
  { version: 5, name: '005_supervisor', sql: supervisor },
  { version: 6, name: '006_sync_outbox', sql: syncOutbox },
  { version: 7, name: '007_outcome_reasons', sql: outcomeReasons },
  { version: 8, name: '008_office_hub', sql: officeHub },
  { version: 9, name: '009_outbox_receipts', sql: outboxReceipts },
  { version: 10, name: '010_arrivals_on_counters', sql: arrivalsOnCounters },
  { version: 11, name: '011_hub_takeover', sql: hubTakeover },
  { version: 12, name: '012_standby_outbox', sql: standbyOutbox },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
