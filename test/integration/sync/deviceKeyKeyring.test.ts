import { describe, expect, it, vi } from 'vitest';
import { deviceKey } from '../../../electron/backend/sync/deviceKey';
import type { SecretStore } from '../../../electron/backend/sync/secretStore';
import { writeSyncSettings } from '../../../electron/backend/sync/syncSettings';
import { testBackend } from '../../support/backend';

describe('the device key when the keyring is locked or gone for now', () => {
  it('is never replaced (the service knows its fingerprint): the error goes up, nothing is saved', async () => {
    const t = testBackend();
    writeSyncSettings(t.db, { publicKeyPem: 'PEM', keyFingerprint: 'FP' });
    const save = vi.fn(async () => {});
    // What parentPortCipher rejects with when main answers 'unavailable' (safeStorageBridge.ts).
    const secrets: SecretStore = {
      kind: 'safeStorage',
      load: async () => {
        throw new Error('safeStorage: unavailable');
      },
      save,
      remove: async () => {},
    };
    await expect(deviceKey(t.db, secrets)).rejects.toThrow(/unavailable/);
    expect(save).not.toHaveBeenCalled();
  });
});
