import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { WINDOW_ROLES } from '../../../shared/roles';

/**
 * What a paired device knows of its hub, beside the database in <dataDir>/hub-link.json:
 * the address, the pinned certificate and who the hub says this device is. The bearer
 * token is not here: it lives in the SecretStore (safeStorage in Electron).
 */
export const HubLinkSchema = z
  .object({
    address: z.string().max(300),
    host: z.string().max(260),
    port: z.number().int().min(1).max(65535),
    fingerprint: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    certPem: z.string().max(20_000),
    deviceId: z.uuid(),
    role: z.enum(WINDOW_ROLES),
    deviceName: z.string().max(60),
    pairedAt: z.string(),
    /** Set when the hub refused this device's token: it stays refused until unpaired. */
    revokedAt: z.string().nullable(),
  })
  .strict();
export type HubLinkRecord = z.infer<typeof HubLinkSchema>;

const fileOf = (dataDir: string) => join(dataDir, 'hub-link.json');

/**
 * The link; null when this installation is on its own (no file); 'unreadable' for a file
 * that does not parse. An unreadable link must not make a paired PC standalone: it would
 * then issue ticket numbers of its own, a second series in the waiting room.
 */
export function readHubLink(dataDir: string): HubLinkRecord | null | 'unreadable' {
  if (!existsSync(fileOf(dataDir))) return null;
  try {
    const parsed = HubLinkSchema.safeParse(JSON.parse(readFileSync(fileOf(dataDir), 'utf8')));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

export function writeHubLink(dataDir: string, link: HubLinkRecord): void {
  const file = fileOf(dataDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(link, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function removeHubLink(dataDir: string): void {
  rmSync(fileOf(dataDir), { force: true });
}
