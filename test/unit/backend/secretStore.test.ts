import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyringOrFileSecretStore, type SecretCipher } from '../../../electron/backend/sync/secretStore';
import { tempDir } from '../../support/temp';

/** Stands in for main's safeStorage: reversible, visibly not the plain text. */
const keyring: SecretCipher = {
  encrypt: async (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`),
  decrypt: async (b) => Buffer.from(b.toString().slice(4), 'hex').toString(),
};
const noKeyring: SecretCipher = {
  encrypt: async () => {
    throw new Error('safeStorage: unavailable');
  },
  decrypt: async () => {
    throw new Error('safeStorage: unavailable');
  },
};

describe('the device secret store', () => {
  it('keeps the token encrypted by the keyring, never in plain text on disk', async () => {
    const dir = tempDir();
    const store = keyringOrFileSecretStore(dir, keyring);
    await store.save('sync-token', 'tok-123-secret');
    expect(store.kind).toBe('safeStorage');
    expect(await store.load('sync-token')).toBe('tok-123-secret');
    for (const f of readdirSync(join(dir, 'secrets'))) {
      expect(readFileSync(join(dir, 'secrets', f), 'utf8')).not.toContain('tok-123-secret');
      expect(statSync(join(dir, 'secrets', f)).mode & 0o077).toBe(0);
    }
    await store.remove('sync-token');
    expect(await store.load('sync-token')).toBeNull();
  });

  it('without a keyring, falls back to a private file and says so', async () => {
    const dir = tempDir();
    const store = keyringOrFileSecretStore(dir, noKeyring);
    await store.save('sync-token', 'tok-456');
    expect(store.kind).toBe('file');
    expect(await store.load('sync-token')).toBe('tok-456');
    expect(statSync(join(dir, 'secrets', 'sync-token')).mode & 0o077).toBe(0);
    expect(statSync(join(dir, 'secrets')).mode & 0o077).toBe(0);
    // A keyring that appears later takes over, and the plain file goes.
    const later = keyringOrFileSecretStore(dir, keyring);
    await later.save('sync-token', 'tok-789');
    expect(later.kind).toBe('safeStorage');
    expect(readdirSync(join(dir, 'secrets'))).toEqual(['sync-token.enc']);
  });

  it('a token the keyring cannot decrypt is an error, not an empty token', async () => {
    const dir = tempDir();
    await keyringOrFileSecretStore(dir, keyring).save('sync-token', 'tok');
    const broken: SecretCipher = { ...keyring, decrypt: async () => Promise.reject(new Error('safeStorage: failed')) };
    await expect(keyringOrFileSecretStore(dir, broken).load('sync-token')).rejects.toThrow(/failed/);
  });
});
