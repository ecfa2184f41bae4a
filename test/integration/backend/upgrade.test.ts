import BetterSqlite3 from 'better-sqlite3';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../db/migrate';
import { LATEST_SCHEMA_VERSION } from '../../../db/migrations/index';
import { DATABASE_FILE_NAME } from '../../../db/open';
import { testBackend } from '../../support/backend';
import { tempDir } from '../../support/temp';

/**
 * Installing version N+1 over N: the installers never touch the data directory (it is per
 * user, outside the install folder, and kept on uninstall), so an upgrade is N+1's first
 * start on N's data. The fixture is a data directory as the previous schema left it, built
 * from that release's migrations (001 to N−1), with what an officer's PC holds: setup, a
 * closed visit, the sync enrollment and its token, the installed guide packages.
 * (The office hub's pairing does not exist yet: issue 13 adds it, and its keys to this fixture.)
 */
const PREVIOUS = LATEST_SCHEMA_VERSION - 1;

function previousReleaseDataDir(): { dir: string; guideFiles: Record<string, string> } {
  const dir = tempDir();
  const db = new BetterSqlite3(join(dir, DATABASE_FILE_NAME));
  migrate(db, PREVIOUS);
  db.prepare(
    `INSERT INTO settings (key, value) VALUES
       ('office_id', 'storuman'), ('officer_signature', 'ANLA'),
       ('sync_server_url', 'https://127.0.0.1:9/lucka'), ('sync_device_id', 'dev-1'),
       ('sync_office_id', 'storuman'), ('sync_device_name', 'Disk 1')`,
  ).run();
  db.prepare(
    `INSERT INTO visits (id, office_id, officer_signature, started_at, local_date, closed_at)
     VALUES ('v1', 'storuman', 'ANLA', '2026-03-29T08:30:00.000Z', '2026-03-29', '2026-03-29T08:45:00.000Z')`,
  ).run();
  db.prepare(
    `INSERT INTO errands (id, visit_id, position, agency, errand_kind, outcome, created_at)
     VALUES ('e1', 'v1', 1, 'SKV', 'skv.id_card', 'done', '2026-03-29T08:31:00.000Z')`,
  ).run();
  db.close();
  // The token, as the file store keeps it where the OS has no keyring.
  mkdirSync(join(dir, 'secrets'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'secrets', 'sync-token'), 'token-of-release-n', { mode: 0o600 });
  // The guide packages the previous release installed (same on-disk format).
  const other = testBackend();
  cpSync(join(other.dataDir, 'guides'), join(dir, 'guides'), { recursive: true });
  other.close();
  const guideFiles = Object.fromEntries(
    readdirSync(join(dir, 'guides')).map((f) => [f, readFileSync(join(dir, 'guides', f), 'utf8')]),
  );
  return { dir, guideFiles };
}

describe('upgrade: version N+1 starting on the data directory of version N', () => {
  it('keeps the store, the setup, the visits, the sync enrollment and token, and the installed guides', async () => {
    const { dir, guideFiles } = previousReleaseDataDir();
    expect(Object.keys(guideFiles).length).toBeGreaterThan(1);

    const t = testBackend({ dataDir: dir });
    expect(schemaVersion(t.db)).toBe(LATEST_SCHEMA_VERSION);
    expect(await t.call('setup.get', {})).toEqual({ officeId: 'storuman', officerSignature: 'ANLA' });
    const status = await t.call('sync.status', {});
    expect(status.state).not.toBe('not_enrolled');
    expect(readFileSync(join(dir, 'secrets', 'sync-token'), 'utf8')).toBe('token-of-release-n');
    expect(t.db.prepare('SELECT outcome FROM errands WHERE id = ?').get('e1')).toEqual({ outcome: 'done' });
    const packages = await t.call('guides.packages', {});
    expect(packages.length).toBeGreaterThan(0);
    // The installed packages are still the files the previous release wrote.
    for (const [file, content] of Object.entries(guideFiles))
      expect(readFileSync(join(dir, 'guides', file), 'utf8'), file).toBe(content);
    t.close();
  });
});
