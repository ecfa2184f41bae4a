import type { Database } from 'better-sqlite3';

/**
 * The device's sync state, in the settings table (one row per key, so each is written on
 * its own and a crash never leaves a half-written record). No secrets here: the token and
 * the signing key are in the SecretStore.
 */
export interface SyncSettings {
  serverUrl: string | null;
  deviceId: string | null;
  /** The office the device was enrolled for: the first of its set. */
  officeId: string | null;
  /** Every office the service trusts this device for, comma-separated (travelling staff: several). */
  officeIds: string | null;
  /** Per office, when a round last left none of its events unsent (JSON object office → ISO time). */
  officeSyncedAt: string | null;
  deviceName: string | null;
  publicKeyPem: string | null;
  keyFingerprint: string | null;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  /** The last failure as a code the UI explains, or null after a success. */
  lastErrorCode: string | null;
  lastErrorAt: string | null;
  /** True after the service refused the token: nothing is sent until the device is enrolled again. */
  revoked: boolean;
  /** Past days up to (not including) this one were swept for arrivals without an event. */
  sweptBefore: string | null;
  guidesEtag: string | null;
  registryEtag: string | null;
  lastDownSyncAt: string | null;
}

const KEYS: Record<keyof SyncSettings, string> = {
  serverUrl: 'sync_server_url',
  deviceId: 'sync_device_id',
  officeId: 'sync_office_id',
  officeIds: 'sync_office_ids',
  officeSyncedAt: 'sync_office_synced_at',
  deviceName: 'sync_device_name',
  publicKeyPem: 'sync_public_key',
  keyFingerprint: 'sync_key_fingerprint',
  lastSuccessAt: 'sync_last_success_at',
  lastAttemptAt: 'sync_last_attempt_at',
  lastErrorCode: 'sync_last_error_code',
  lastErrorAt: 'sync_last_error_at',
  revoked: 'sync_revoked',
  sweptBefore: 'sync_swept_before',
  guidesEtag: 'sync_guides_etag',
  registryEtag: 'sync_registry_etag',
  lastDownSyncAt: 'sync_last_down_sync_at',
};

export function readSyncSettings(db: Database): SyncSettings {
  const rows = db.prepare("SELECT key, value FROM settings WHERE key LIKE 'sync\\_%' ESCAPE '\\'").all() as {
    key: string;
    value: string;
  }[];
  const map = new Map(rows.map((r) => [r.key, r.value]));
  const out = {} as Record<keyof SyncSettings, unknown>;
  for (const [field, key] of Object.entries(KEYS) as [keyof SyncSettings, string][]) {
    const value = map.get(key) ?? null;
    out[field] = field === 'revoked' ? value === '1' : value;
  }
  return out as unknown as SyncSettings;
}

export function writeSyncSettings(db: Database, patch: Partial<SyncSettings>): void {
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');
  db.transaction(() => {
    for (const [field, value] of Object.entries(patch) as [keyof SyncSettings, unknown][]) {
      const key = KEYS[field];
      if (value === null || value === undefined) remove.run(key);
      else upsert.run(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
    }
  })();
}

/** The offices the device may report for: the service's set, or the one office of an enrollment from before sets. */
export function trustedOffices(s: SyncSettings): string[] {
  if (s.officeIds) return s.officeIds.split(',').filter((id) => id !== '');
  return s.officeId ? [s.officeId] : [];
}

export function officeSyncedAt(s: SyncSettings): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(s.officeSyncedAt ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}
