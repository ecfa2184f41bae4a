import { createHash, randomBytes } from 'node:crypto';
import type { HubRepository, HubDeviceRow } from '../../../db/hub';
import type { HubDevice, HubDeviceAdded } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import type { WindowRole } from '../../../shared/roles';
import { deviceProof, hubConfirmation, newPairingCode, pairingKey, sameMac } from './pairingCode';

/** A code is good for ten minutes and five tries: enough to walk to the kiosk and type it. */
export const CODE_LIFETIME_MS = 10 * 60_000;
export const CODE_TRIES = 5;
/** Last seen is written at most this often per device, so requests do not each cost a write. */
const SEEN_EVERY_MS = 60_000;

export interface PairedDevice {
  deviceId: string;
  role: WindowRole;
  name: string;
  token: string;
  /** HMAC with the pairing key: shows the device it reached the hub that made its code. */
  confirmation: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

function toDevice(row: HubDeviceRow): HubDevice {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.createdAt,
    pairedAt: row.pairedAt,
    lastSeenAt: row.lastSeenAt,
    revokedAt: row.revokedAt,
  };
}

/**
 * The office hub's paired devices: adding one (with its one-time code), pairing, the
 * bearer token check on every request, the list and revoking. Secrets are kept only as
 * hashes: the token as SHA-256 (it is 256 random bits), the code as a scrypt key.
 */
export class HubDevices {
  private fingerprint: string | null = null;
  private readonly seenAt = new Map<string, number>();
  private readonly revokedListeners = new Set<(deviceId: string) => void>();

  constructor(
    private readonly repo: HubRepository,
    private readonly write: <T>(fn: () => T) => T,
    private readonly now: () => Date,
    private readonly newId: () => string,
    private readonly costN: number,
  ) {}

  /** Set when this installation serves as the hub: codes are bound to this certificate. */
  serveWith(fingerprint: string | null): void {
    this.fingerprint = fingerprint;
  }

  get servingFingerprint(): string | null {
    return this.fingerprint;
  }

  async add(name: string, role: WindowRole): Promise<HubDeviceAdded> {
    const fingerprint = this.fingerprint;
    if (!fingerprint) throw new AppError('HUB_NOT_SERVING');
    let { code, codeId, secret } = newPairingCode();
    // Code ids are short: draw again on the rare clash with a live code.
    while (this.repo.code(codeId)) ({ code, codeId, secret } = newPairingCode());
    const key = await pairingKey(secret, codeId, fingerprint, this.costN);
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + CODE_LIFETIME_MS).toISOString();
    const id = this.newId();
    this.write(() =>
      this.repo.addDevice(
        { id, name, role, createdAt: createdAt.toISOString() },
        { codeId, deviceId: id, key: key.toString('base64url'), costN: this.costN, expiresAt, triesLeft: CODE_TRIES },
      ),
    );
    return { device: toDevice(this.repo.device(id)!), code, expiresAt, fingerprint };
  }

  /**
   * A device's pairing attempt: the code's id in clear and its proof. Every attempt on a
   * live code spends one of its tries; a wrong proof also comes from a man in the middle,
   * whose certificate made the device derive another key.
   */
  pair(codeId: string, proof: string): PairedDevice {
    // Refusals return rather than throw, so what they change (a spent try, an expired
    // code removed) is committed.
    const outcome = this.write((): PairedDevice | 'unknown_code' | 'expired' | 'no_tries_left' | 'wrong_code' => {
      const code = this.repo.code(codeId);
      if (!code) return 'unknown_code';
      if (code.expiresAt <= this.now().toISOString()) {
        this.repo.deleteCode(codeId);
        return 'expired';
      }
      if (!this.repo.spendTry(codeId)) return 'no_tries_left';
      const key = Buffer.from(code.key, 'base64url');
      if (!sameMac(proof, deviceProof(key, codeId))) return 'wrong_code';
      const token = randomBytes(32).toString('base64url');
      this.repo.setToken(code.deviceId, hashToken(token), this.now().toISOString());
      this.repo.deleteCode(codeId);
      const device = this.repo.device(code.deviceId)!;
      const confirmation = hubConfirmation(key, device.id, token);
      return { deviceId: device.id, role: device.role, name: device.name, token, confirmation };
    });
    if (typeof outcome === 'string') throw new AppError('HUB_PAIRING_REFUSED', [{ path: 'code', issue: outcome }]);
    return outcome;
  }

  /** The device a bearer token belongs to; HUB_DEVICE_REVOKED for a revoked or unknown one. */
  authenticate(token: string): HubDevice {
    const row = token ? this.repo.deviceByTokenHash(hashToken(token)) : undefined;
    if (!row) throw new AppError('HUB_DEVICE_REVOKED', [{ path: '', issue: 'unknown_device' }]);
    if (row.revokedAt) throw new AppError('HUB_DEVICE_REVOKED', [{ path: '', issue: 'revoked' }]);
    const now = this.now().getTime();
    if (now - (this.seenAt.get(row.id) ?? 0) >= SEEN_EVERY_MS) {
      this.seenAt.set(row.id, now);
      this.write(() => this.repo.seen(row.id, new Date(now).toISOString()));
    }
    return toDevice(row);
  }

  list(): HubDevice[] {
    return this.repo.devices().map(toDevice);
  }

  revoke(deviceId: string): HubDevice {
    const changed = this.write(() => this.repo.revoke(deviceId, this.now().toISOString()));
    const row = this.repo.device(deviceId);
    if (!row) throw new AppError('NOT_FOUND', [{ path: 'deviceId', issue: 'unknown_device' }]);
    if (changed) for (const listener of this.revokedListeners) listener(deviceId);
    return toDevice(row);
  }

  /** Called with a device's id when it is revoked (the hub ends its open event stream). */
  onRevoked(listener: (deviceId: string) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }
}
