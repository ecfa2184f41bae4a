import { afterEach } from 'vitest';
import { loadOrCreateHubCertificate, type HubCertificate } from '../../electron/backend/hub/certificate';
import { startHubServer, type HubServer } from '../../electron/backend/hosts/hubServer';
import type { HubDeviceAdded } from '../../shared/api';
import type { WindowRole } from '../../shared/roles';
import { testBackend } from './backend';

const servers: HubServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

export const HUB_PASSPHRASE = 'correct horse battery';

/** Fast failure for tests: one short attempt after the first, streams reopened quickly. */
export const FAST_LINK = { requestTimeoutMs: 2000, retryDelaysMs: [50], reconnectDelaysMs: [50, 100] } as const;

/**
 * An office hub on 127.0.0.1: its own data dir and store, set up for an office, a supervisor
 * passphrase, its certificate made on first start, and the HTTPS host on a free port.
 */
export async function testHub(options: { officeId?: string; now?: () => Date; dataDir?: string } = {}) {
  const officeId = options.officeId ?? 'stockholm';
  const t = testBackend({ now: options.now, dataDir: options.dataDir });
  await t.call('setup.save', { officeId, officerSignature: 'HUBB' });
  // Confirmed for the day at the hub, so a paired counter opens on the counter, not the start-of-day screen.
  await t.call('setup.confirmOffice', { officeId });
  const certificate = await loadOrCreateHubCertificate(t.dataDir);
  const server = await startHubServer({ backend: t.backend, certificate, listenHost: '127.0.0.1', port: 0 });
  servers.push(server);
  // One session, however many devices are added at once.
  let session: Promise<string> | null = null;
  function supervisor(): Promise<string> {
    session ??= t.call('supervisor.setPassphrase', { officeId, passphrase: HUB_PASSPHRASE }).then((s) => s.token);
    return session;
  }
  async function addDevice(role: WindowRole, name = `${role} 1`): Promise<HubDeviceAdded> {
    return t.call('hub.addDevice', { token: await supervisor(), name, role });
  }
  return { ...t, officeId, certificate, server, address: `127.0.0.1:${server.port}`, supervisor, addDevice };
}

/** A device installation (its own data dir and store) paired with `hub` in `role`. */
export async function pairedDevice(hub: Awaited<ReturnType<typeof testHub>>, role: WindowRole, name?: string) {
  const added = await hub.addDevice(role, name);
  const device = testBackend({ hubLink: FAST_LINK });
  await device.call('hubLink.pair', { address: hub.address, code: added.code });
  return { ...device, deviceId: added.device.id };
}

export async function stopServer(server: HubServer): Promise<void> {
  const i = servers.indexOf(server);
  if (i >= 0) servers.splice(i, 1);
  await server.close();
}

export type { HubCertificate };
