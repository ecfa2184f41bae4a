/**
 * The backend process keeps the sync token and device key encrypted with Electron's
 * safeStorage, which only the main process may call. It asks over its parentPort:
 * { type: 'secret', id, op: 'encrypt' | 'decrypt', data: base64 } and gets
 * { type: 'secret-reply', id, ok, data? }. Only these two operations, only on strings.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: which secret store backs it ('basic_text' is a hard-coded key, no protection). */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface SecretRequest {
  type: 'secret';
  id: number;
  op: 'encrypt' | 'decrypt';
  data: string;
}

export type SecretReply =
  | { type: 'secret-reply'; id: number; ok: true; data: string }
  | { type: 'secret-reply'; id: number; ok: false; reason: 'unavailable' | 'failed' };

function isSecretRequest(m: unknown): m is SecretRequest {
  const r = m as Partial<SecretRequest> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    r.type === 'secret' &&
    typeof r.id === 'number' &&
    (r.op === 'encrypt' || r.op === 'decrypt') &&
    typeof r.data === 'string' &&
    r.data.length <= 64 * 1024
  );
}

/** The answer to a backend message, or null when it is not a secret request (other messages pass by). */
export function answerSecretRequest(message: unknown, safeStorage: SafeStorageLike): SecretReply | null {
  if (!isSecretRequest(message)) return null;
  const { id } = message;
  // Electron throws from both calls while encryption is unavailable (before 'ready'; a
  // keyring that is locked or gone). The backend keeps what it has on 'unavailable'.
  if (!safeStorage.isEncryptionAvailable()) return { type: 'secret-reply', id, ok: false, reason: 'unavailable' };
  // On Linux without a keyring ('basic_text') encryption is available only because main
  // switched plain-text encryption on, to read what an earlier version wrote: a fixed
  // password, no protection. Nothing new is written that way (the backend keeps a private
  // file instead).
  if (
    message.op === 'encrypt' &&
    process.platform === 'linux' &&
    ['basic_text', 'unknown'].includes(safeStorage.getSelectedStorageBackend?.() ?? '')
  )
    return { type: 'secret-reply', id, ok: false, reason: 'unavailable' };
  try {
    const data =
      message.op === 'encrypt'
        ? safeStorage.encryptString(Buffer.from(message.data, 'base64').toString('utf8')).toString('base64')
        : Buffer.from(safeStorage.decryptString(Buffer.from(message.data, 'base64')), 'utf8').toString('base64');
    return { type: 'secret-reply', id, ok: true, data };
  } catch {
    return { type: 'secret-reply', id, ok: false, reason: 'failed' };
  }
}
