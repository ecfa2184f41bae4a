import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the device keeps its secrets (the service token, the key that signs offline
 * statistics files). In Electron they are encrypted with safeStorage by the main process
 * (electron/safeStorageBridge.ts) and only ciphertext reaches the disk; the preview host
 * and tests keep them in files readable only by the user.
 */
export interface SecretStore {
  /** How secrets are kept now (a keyring-less Linux desktop falls back to 'file'). */
  readonly kind: 'safeStorage' | 'file';
  load(name: SecretName): Promise<string | null>;
  save(name: SecretName, value: string): Promise<void>;
  remove(name: SecretName): Promise<void>;
}

/** hub-token: this device's bearer token at its office hub (electron/backend/hubLink). */
export type SecretName = 'sync-token' | 'device-key' | 'hub-token' | 'hub-predecessor-token';

/** Encrypts and decrypts for a SecretStore; in Electron, a round trip to main's safeStorage. */
export interface SecretCipher {
  encrypt(plain: string): Promise<Buffer>;
  decrypt(cipher: Buffer): Promise<string>;
}

function writePrivate(file: string, data: Buffer | string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

function secretsDir(dataDir: string): string {
  const dir = join(dataDir, 'secrets');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Plain files, mode 0600, in <dataDir>/secrets (mode 0700): the preview host and tests. */
export function fileSecretStore(dataDir: string): SecretStore {
  const path = (name: SecretName) => join(secretsDir(dataDir), name);
  return {
    kind: 'file',
    load: async (name) => (existsSync(path(name)) ? readFileSync(path(name), 'utf8') : null),
    save: async (name, value) => writePrivate(path(name), value),
    remove: async (name) => rmSync(path(name), { force: true }),
  };
}

/** Ciphertext files in <dataDir>/secrets, encrypted by `cipher` (safeStorage in Electron). */
export function encryptedSecretStore(dataDir: string, cipher: SecretCipher): SecretStore {
  const path = (name: SecretName) => join(secretsDir(dataDir), `${name}.enc`);
  return {
    kind: 'safeStorage',
    load: async (name) => (existsSync(path(name)) ? cipher.decrypt(readFileSync(path(name))) : null),
    save: async (name, value) => writePrivate(path(name), await cipher.encrypt(value)),
    remove: async (name) => rmSync(path(name), { force: true }),
  };
}

/**
 * safeStorage where the OS offers real encryption; where it does not (a Linux desktop
 * without a keyring), a private file like the preview's, and `kind` says so, so Settings
 * never claims an encryption that is not there.
 */
export function keyringOrFileSecretStore(dataDir: string, cipher: SecretCipher): SecretStore {
  const keyring = encryptedSecretStore(dataDir, cipher);
  const file = fileSecretStore(dataDir);
  const encrypted = (name: SecretName) => existsSync(join(secretsDir(dataDir), `${name}.enc`));
  const plain = (name: SecretName) => existsSync(join(secretsDir(dataDir), name));
  return {
    get kind() {
      // Either token kept in a plain file means this machine has no keyring to offer.
      return plain('sync-token') || plain('hub-token') ? 'file' : 'safeStorage';
    },
    load: async (name) => (encrypted(name) ? keyring.load(name) : file.load(name)),
    save: async (name, value) => {
      try {
        await keyring.save(name, value);
        await file.remove(name);
      } catch (err) {
        if (!/unavailable/.test((err as Error).message)) throw err;
        await file.save(name, value);
        await keyring.remove(name);
      }
    },
    remove: async (name) => {
      await keyring.remove(name);
      await file.remove(name);
    },
  };
}
