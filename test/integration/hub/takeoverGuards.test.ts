import { describe, expect, it } from 'vitest';
import { pinnedAgent, postJson } from '../../../electron/backend/hubLink/hubClient';
import { EPOCH_HEADER } from '../../../electron/backend/hub/takeoverWire';
import { HUB_PATHS } from '../../../electron/backend/hub/wire';
import { BLOCK_SIZE } from '../../../electron/backend/hub/numberBlocks';
import { FAST_LINK, HUB_PASSPHRASE, pairedDevice, testHub } from '../../support/hub';
import { testBackend } from '../../support/backend';
import { readFileSync } from 'node:fs';
import { freePort } from '../../support/hubProcess';
import { startTcpFaultProxy } from '../../support/tcpFaultProxy';
import { join } from 'node:path';

/** The refusals around a takeover, on one hub in this process (takeover.test.ts runs the whole story). */
describe('hub takeover: who may do what', { timeout: 60_000 }, () => {
  it("a higher epoch steps the hub down only from a paired device's request; then it issues nothing", async () => {
    const hub = await testHub();
    const kiosk = await pairedDevice(hub, 'kiosk');
    const agent = pinnedAgent(hub.certificate);
    const ask = (token: string, epoch: string) =>
      postJson(
        agent,
        { host: '127.0.0.1', port: hub.server.port, path: HUB_PATHS.request },
        { id: 1, channel: 'tickets.issue', input: { queueLetter: 'A', source: 'kiosk' } },
        { authorization: `Bearer ${token}`, [EPOCH_HEADER]: epoch },
        5000,
      );
    // A stranger on the LAN cannot stop the office's hub by claiming a newer one.
    expect(await ask('not-a-device', '9')).toMatchObject({ status: 401 });
    expect((await hub.call('hub.status', {})).steppedDown).toBe(false);
    expect((await kiosk.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' })).number).toBe('A001');

    const token = readFileSync(join(kiosk.dataDir, 'secrets', 'hub-token'), 'utf8');
    expect(await ask(token, '2')).toMatchObject({ status: 409, body: { error: { code: 'HUB_STEPPED_DOWN' } } });
    expect(await hub.call('hub.status', {})).toMatchObject({ steppedDown: true, epoch: 1 });
    // Not through a device, not on its own screens: the old hub gives out no number again.
    expect(await hub.raw('tickets.issue', { queueLetter: 'A', source: 'officer' })).toMatchObject({
      ok: false,
      error: { code: 'HUB_STEPPED_DOWN' },
    });
    expect(hub.db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 1 });
    agent.destroy();
  });

  it('only a paired counter can stand by, only its supervisor names it, and only the standby can take over', async () => {
    const hub = await testHub();
    const kiosk = await pairedDevice(hub, 'kiosk');
    const counter = await pairedDevice(hub, 'counter', 'Lucka 1');
    const other = await pairedDevice(hub, 'counter', 'Lucka 2');
    const token = await hub.supervisor();
    expect(await hub.raw('hub.setStandby', { token, deviceId: kiosk.deviceId })).toMatchObject({
      error: { code: 'VALIDATION', details: [{ path: 'deviceId', issue: 'not_a_paired_counter' }] },
    });
    expect(await hub.raw('hub.setStandby', { token: 'x'.repeat(43), deviceId: counter.deviceId })).toMatchObject({
      error: { code: 'SUPERVISOR_REQUIRED' },
    });
    expect((await hub.call('hub.setStandby', { token, deviceId: counter.deviceId })).standbyDeviceId).toBe(
      counter.deviceId,
    );
    // The standby stores the queue before the hub issues from it: the first ticket waits for it.
    expect((await kiosk.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' })).number).toBe('A001');
    const blockA = counter.backend.context!.standbyMirror.image()?.state.blocks.find((b) => b.letter === 'A');
    expect(blockA?.reserved).toBeGreaterThanOrEqual(BLOCK_SIZE);
    await expect
      .poll(() => counter.call('hubLink.takeoverStatus', {}), { timeout: 10_000 })
      .toMatchObject({ standby: true, tickets: 1 });

    // Another counter, and a PC on its own, have nothing to take over with.
    expect(await other.raw('hubLink.takeOver', { passphrase: HUB_PASSPHRASE })).toMatchObject({
      error: { code: 'HUB_TAKEOVER_REFUSED', details: [{ issue: 'not_standby' }] },
    });
    expect(await testBackend().raw('hubLink.takeOver', { passphrase: HUB_PASSPHRASE })).toMatchObject({
      error: { code: 'HUB_TAKEOVER_REFUSED', details: [{ issue: 'not_paired_counter' }] },
    });
    // A bad passphrase shape is refused at the boundary.
    expect(await counter.raw('hubLink.takeOver', { passphrase: 'short' })).toMatchObject({
      error: { code: 'VALIDATION' },
    });
    // Naming another standby: the first one's copy binds nobody and is dropped.
    await hub.call('hub.setStandby', { token, deviceId: other.deviceId });
    await expect.poll(() => counter.backend.context!.standbyMirror.image(), { timeout: 10_000 }).toBeNull();
    await expect.poll(() => other.backend.context!.standbyMirror.count(), { timeout: 10_000 }).toBe(1);
    // No standby: the hub issues as a hub on its own does, and the last standby drops its copy.
    expect((await hub.call('hub.setStandby', { token, deviceId: null })).standbyDeviceId).toBeNull();
    await expect.poll(() => other.backend.context!.standbyMirror.image(), { timeout: 10_000 }).toBeNull();
    expect((await kiosk.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' })).number).toBe('A002');
  });

  it('a device whose old hub still answers (cut off from the rest, not dead) moves to the new hub by itself; the new hub serves again after a restart', async () => {
    const hub = await testHub();
    const standbyPort = await freePort();
    // The standby reaches the hub through a cable the test can cut.
    const cable = await startTcpFaultProxy(hub.server.port);
    const added = await hub.addDevice('counter', 'Lucka 1');
    const standby = testBackend({
      hubLink: FAST_LINK,
      takeover: { port: standbyPort, listenHost: '127.0.0.1', notifyEveryMs: 100 },
    });
    await standby.call('hubLink.pair', { address: `127.0.0.1:${cable.port}`, code: added.code });
    const kioskAdded = await hub.addDevice('kiosk', 'Kiosk');
    const kiosk = testBackend({ hubLink: { ...FAST_LINK, probeEveryMs: 100 } });
    await kiosk.call('hubLink.pair', { address: hub.address, code: kioskAdded.code });
    await hub.call('hub.setStandby', { token: await hub.supervisor(), deviceId: added.device.id });
    await expect.poll(() => kiosk.backend.context!.hubLink.knownRoster.standby?.port).toBe(standbyPort);
    expect((await kiosk.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' })).number).toBe('A001');
    await expect.poll(async () => (await standby.call('hubLink.takeoverStatus', {})).tickets).toBe(1);

    cable.blackHole(true);
    cable.severAll();
    await standby.call('hubLink.takeOver', { passphrase: HUB_PASSPHRASE });
    // The old hub still answers the kiosk, but the kiosk's roster names the standby, which now
    // has a higher epoch: the kiosk moves on by itself and issues from the new hub.
    await expect
      .poll(async () => (await kiosk.call('hubLink.status', {})).address, { timeout: 10_000 })
      .toBe(`https://127.0.0.1:${standbyPort}`);
    expect((await kiosk.call('tickets.issue', { queueLetter: 'A', source: 'kiosk' })).number).toBe('A021');
    expect(hub.db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 1 });

    // The PC that took over restarts: it serves the queue again by itself, where devices find it.
    standby.close();
    testBackend({ dataDir: standby.dataDir, takeover: { port: standbyPort, listenHost: '127.0.0.1' } });
    await expect
      .poll(async () => (await kiosk.raw('tickets.issue', { queueLetter: 'A', source: 'kiosk' })).ok, {
        timeout: 15_000,
      })
      .toBe(true);
    await cable.close();
  });
});
