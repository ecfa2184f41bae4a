import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Supervisor passphrases are kept only as scrypt hashes (Node's crypto: no native add-on
 * to build). N = 2^15, r = 8 costs ~50–100 ms here: slow for a guesser, unnoticeable once.
 */
export const SCRYPT_COST_N = 32_768;
const KEY_LENGTH = 32;

export interface PassphraseHash {
  hash: string;
  salt: string;
  costN: number;
}

function derive(passphrase: string, salt: Buffer, costN: number): Promise<Buffer> {
  const options: ScryptOptions = { N: costN, r: 8, p: 1, maxmem: 256 * costN * 8 };
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassphrase(passphrase: string, costN = SCRYPT_COST_N): Promise<PassphraseHash> {
  const salt = randomBytes(16);
  const key = await derive(passphrase, salt, costN);
  return { hash: key.toString('base64'), salt: salt.toString('base64'), costN };
}

export async function verifyPassphrase(passphrase: string, stored: PassphraseHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await derive(passphrase, Buffer.from(stored.salt, 'base64'), stored.costN);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
