import { create } from 'zustand';
import type { HubDevice, HubDeviceAdded, HubStatus } from '../../shared/api';
import type { ApiError } from '../../shared/errors';
import type { WindowRole } from '../../shared/roles';
import { call, toApiError } from '../api/client';

interface HubDevicesState {
  hub: HubStatus | null;
  devices: HubDevice[];
  /** The device just added, with its one-time code: shown once, gone when the view closes. */
  added: HubDeviceAdded | null;
  busy: boolean;
  error: ApiError | null;
  load(token: string): Promise<void>;
  add(token: string, name: string, role: WindowRole): Promise<boolean>;
  revoke(token: string, deviceId: string): Promise<void>;
  /** Makes a paired counter the standby that mirrors the queue and may take it over (null: none). */
  setStandby(token: string, deviceId: string | null): Promise<void>;
  reset(): void;
}

/** The hub's paired devices, for the supervisor at the hub (behind the supervisor's session). */
export const useHubDevices = create<HubDevicesState>()((set) => {
  async function attempt(run: () => Promise<Partial<HubDevicesState>>): Promise<boolean> {
    set({ busy: true, error: null });
    try {
      set({ ...(await run()), busy: false });
      return true;
    } catch (err) {
      set({ error: toApiError(err), busy: false });
      return false;
    }
  }
  return {
    hub: null,
    devices: [],
    added: null,
    busy: false,
    error: null,
    async load(token) {
      await attempt(async () => {
        const hub = await call('hub.status', {});
        return { hub, devices: hub.serving ? await call('hub.devices', { token }) : [] };
      });
    },
    add: (token, name, role) =>
      attempt(async () => {
        const added = await call('hub.addDevice', { token, name, role });
        return { added, devices: await call('hub.devices', { token }) };
      }),
    async revoke(token, deviceId) {
      await attempt(async () => {
        await call('hub.revoke', { token, deviceId });
        return { devices: await call('hub.devices', { token }) };
      });
    },
    async setStandby(token, deviceId) {
      await attempt(async () => ({ hub: await call('hub.setStandby', { token, deviceId }) }));
    },
    reset: () => set({ hub: null, devices: [], added: null, busy: false, error: null }),
  };
});
