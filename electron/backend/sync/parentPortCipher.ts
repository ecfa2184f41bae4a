import type { SecretReply } from '../../safeStorageBridge';
import type { SecretCipher } from './secretStore';

/** What the backend's parentPort offers (a utilityProcess's own API; never imports 'electron'). */
export interface ParentPortLike {
  postMessage(message: unknown): void;
}

/**
 * A SecretCipher that asks the main process's safeStorage (electron/safeStorageBridge.ts).
 * `receive` must be fed every 'secret-reply' message that arrives on the parentPort.
 */
export function parentPortCipher(port: ParentPortLike, timeoutMs = 10_000) {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (data: string) => void; reject: (err: Error) => void }>();
  function ask(op: 'encrypt' | 'decrypt', data: string): Promise<string> {
    const id = nextId++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('safeStorage did not answer'));
      }, timeoutMs);
      waiting.set(id, {
        resolve: (d) => {
          clearTimeout(timer);
          resolve(d);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      port.postMessage({ type: 'secret', id, op, data });
    });
  }
  const cipher: SecretCipher = {
    encrypt: async (plain) =>
      Buffer.from(await ask('encrypt', Buffer.from(plain, 'utf8').toString('base64')), 'base64'),
    decrypt: async (encrypted) =>
      Buffer.from(await ask('decrypt', encrypted.toString('base64')), 'base64').toString('utf8'),
  };
  return {
    cipher,
    /** Returns true when the message was a reply to one of ours. */
    receive(message: unknown): boolean {
      const reply = message as SecretReply | null;
      if (reply?.type !== 'secret-reply' || typeof reply.id !== 'number') return false;
      const entry = waiting.get(reply.id);
      if (!entry) return true;
      waiting.delete(reply.id);
      if (reply.ok) entry.resolve(reply.data);
      else entry.reject(new Error(`safeStorage: ${reply.reason}`));
      return true;
    },
  };
}
