import type { Database, Statement } from 'better-sqlite3';
import type { WindowRole } from '../shared/roles';

export interface HubDeviceRow {
  id: string;
  name: string;
  role: WindowRole;
  createdAt: string;
  pairedAt: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

export interface PairingCodeRow {
  codeId: string;
  deviceId: string;
  /** scrypt of the code's secret part, salted with the code id and the hub's certificate (base64url). */
  key: string;
  costN: number;
  expiresAt: string;
  triesLeft: number;
}

const DEVICE_COLUMNS = `id, name, role, created_at AS createdAt, paired_at AS pairedAt,
  last_seen_at AS lastSeenAt, revoked_at AS revokedAt`;

/** The office hub's devices, pairing codes and remembered replies (migration 007). */
export class HubRepository {
  private readonly statements: {
    insertDevice: Statement;
    insertCode: Statement;
    deviceById: Statement;
    deviceByTokenHash: Statement;
    devices: Statement;
    codeById: Statement;
    spendTry: Statement;
    deleteCode: Statement;
    setToken: Statement;
    revoke: Statement;
    seen: Statement;
    reply: Statement;
    insertReply: Statement;
    deleteReply: Statement;
    purgeReplies: Statement;
  };

  constructor(private readonly db: Database) {
    this.statements = {
      insertDevice: db.prepare(
        'INSERT INTO hub_devices (id, name, role, created_at) VALUES (@id, @name, @role, @createdAt)',
      ),
      insertCode: db.prepare(
        `INSERT INTO hub_pairing_codes (code_id, device_id, key, cost_n, expires_at, tries_left)
         VALUES (@codeId, @deviceId, @key, @costN, @expiresAt, @triesLeft)`,
      ),
      deviceById: db.prepare(`SELECT ${DEVICE_COLUMNS} FROM hub_devices WHERE id = ?`),
      deviceByTokenHash: db.prepare(`SELECT ${DEVICE_COLUMNS} FROM hub_devices WHERE token_hash = ?`),
      devices: db.prepare(`SELECT ${DEVICE_COLUMNS} FROM hub_devices ORDER BY created_at, name`),
      codeById: db.prepare(
        `SELECT code_id AS codeId, device_id AS deviceId, key, cost_n AS costN, expires_at AS expiresAt,
           tries_left AS triesLeft FROM hub_pairing_codes WHERE code_id = ?`,
      ),
      spendTry: db.prepare(
        'UPDATE hub_pairing_codes SET tries_left = tries_left - 1 WHERE code_id = ? AND tries_left > 0',
      ),
      deleteCode: db.prepare('DELETE FROM hub_pairing_codes WHERE code_id = ?'),
      setToken: db.prepare('UPDATE hub_devices SET token_hash = @tokenHash, paired_at = @at WHERE id = @id'),
      revoke: db.prepare('UPDATE hub_devices SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL'),
      seen: db.prepare('UPDATE hub_devices SET last_seen_at = @at WHERE id = @id'),
      reply: db.prepare('SELECT channel, reply FROM hub_replies WHERE device_id = ? AND request_key = ?'),
      insertReply: db.prepare(
        `INSERT OR REPLACE INTO hub_replies (device_id, request_key, channel, reply, created_at)
         VALUES (@deviceId, @key, @channel, @reply, @at)`,
      ),
      deleteReply: db.prepare('DELETE FROM hub_replies WHERE device_id = ? AND request_key = ?'),
      purgeReplies: db.prepare('DELETE FROM hub_replies WHERE created_at < ?'),
    };
  }

  addDevice(device: { id: string; name: string; role: WindowRole; createdAt: string }, code: PairingCodeRow): void {
    this.statements.insertDevice.run(device);
    this.statements.insertCode.run(code);
  }

  device(id: string): HubDeviceRow | undefined {
    return this.statements.deviceById.get(id) as HubDeviceRow | undefined;
  }

  deviceByTokenHash(tokenHash: string): HubDeviceRow | undefined {
    return this.statements.deviceByTokenHash.get(tokenHash) as HubDeviceRow | undefined;
  }

  devices(): HubDeviceRow[] {
    return this.statements.devices.all() as HubDeviceRow[];
  }

  code(codeId: string): PairingCodeRow | undefined {
    return this.statements.codeById.get(codeId) as PairingCodeRow | undefined;
  }

  /** Takes one try from a code; false when none was left. */
  spendTry(codeId: string): boolean {
    return this.statements.spendTry.run(codeId).changes === 1;
  }

  deleteCode(codeId: string): void {
    this.statements.deleteCode.run(codeId);
  }

  setToken(id: string, tokenHash: string, at: string): void {
    this.statements.setToken.run({ id, tokenHash, at });
  }

  /** Revokes a device (its token hash stays, so its requests can be told why they fail); false when it was unknown or already revoked. */
  revoke(id: string, at: string): boolean {
    return this.statements.revoke.run({ id, at }).changes === 1;
  }

  seen(id: string, at: string): void {
    this.statements.seen.run({ id, at });
  }

  reply(deviceId: string, key: string): { channel: string; reply: string } | undefined {
    return this.statements.reply.get(deviceId, key) as { channel: string; reply: string } | undefined;
  }

  rememberReply(row: { deviceId: string; key: string; channel: string; reply: string; at: string }): void {
    this.statements.insertReply.run(row);
  }

  forgetReply(deviceId: string, key: string): void {
    this.statements.deleteReply.run(deviceId, key);
  }

  /** Forgets replies made before `before` (ISO instant). */
  purgeReplies(before: string): number {
    return this.statements.purgeReplies.run(before).changes;
  }
}
