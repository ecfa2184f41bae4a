import { createHmac, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * The one-time pairing code a supervisor reads off the hub: `XXXX-XXXX-XXXX` in an
 * alphabet without look-alikes. The first group names the code (sent in clear, so the
 * hub can count tries per code); the other two (40 bits) are the secret, which never
 * crosses the network: the device proves it knows it with a key derived from it and from
 * the fingerprint of the certificate the device sees. A man in the middle with another
 * certificate makes the device derive another key, so the hub refuses the proof; and he
 * cannot answer the device himself without the secret (scrypt makes guessing it offline
 * take far longer than the code lives).
 */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** scrypt cost for pairing keys in the product (16 MiB, a few tens of ms). */
export const PAIRING_COST_N = 16_384;

export function newPairingCode(): { code: string; codeId: string; secret: string } {
  const group = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  const codeId = group();
  const secret = `${group()}-${group()}`;
  return { code: `${codeId}-${secret}`, codeId, secret };
}

export function splitCode(code: string): { codeId: string; secret: string } {
  return { codeId: code.slice(0, 4), secret: code.slice(5) };
}

/** The key both sides derive: the hub at code creation (stored), the device at pairing. */
export function pairingKey(secret: string, codeId: string, fingerprint: string, costN: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      secret,
      `lucka-hub-pairing|${codeId}|${fingerprint}`,
      32,
      { N: costN, r: 8, p: 1, maxmem: 64 * 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

const mac = (key: Buffer, message: string) => createHmac('sha256', key).update(message).digest('base64url');

/** What the device sends: proof that it knows the code and sees the hub's own certificate. */
export const deviceProof = (key: Buffer, codeId: string) => mac(key, `device|${codeId}`);
/** What the hub answers with: proof that it is the hub that made the code, bound to what it hands out. */
export const hubConfirmation = (key: Buffer, deviceId: string, token: string) => mac(key, `hub|${deviceId}|${token}`);

export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
