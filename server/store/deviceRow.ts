import type { Device } from './types';

/** A devices row as both stores read it (snake_case columns). */
export interface DeviceRow {
  id: string;
  office_id: string;
  name: string;
  public_key_pem: string;
  key_fingerprint: string;
  created_at: string;
  revoked_at: string | null;
  office_ids: string | null;
  replaced_by: string | null;
}

/** The office set as stored: comma-separated ids (an id holds no comma). */
export function officeIdsText(ids: readonly string[]): string {
  return [...new Set(ids)].join(',');
}

export function deviceFromRow(r: DeviceRow): Device {
  return {
    id: r.id,
    officeId: r.office_id,
    officeIds: (r.office_ids ?? r.office_id).split(','),
    name: r.name,
    publicKeyPem: r.public_key_pem,
    keyFingerprint: r.key_fingerprint,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    replacedBy: r.replaced_by,
  };
}
