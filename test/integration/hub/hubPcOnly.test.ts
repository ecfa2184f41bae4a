import { describe, expect, it } from 'vitest';
import { stockholmDate } from '../../../shared/time';
import { HUB_PASSPHRASE, pairedDevice, testHub } from '../../support/hub';
import { BACKENDS, useTestServer } from '../server/harness';

/**
 * What only the hub PC does (decision 0008): its connection to the central service and a
 * statistics export's file. A paired counter asking the hub for them is refused with an issue
 * its UI explains (errors.issue.hub_pc_only); the hub's own windows still can.
 */
describe('office hub: the hub PC’s own business', { timeout: 60_000 }, () => {
  const central = useTestServer(BACKENDS[0]!);

  it('a counter cannot enroll, disconnect or export at the hub; the hub keeps its enrollment, and its own window can', async () => {
    central.t.clock.current = new Date();
    const hub = await testHub();
    await hub.call('sync.enroll', {
      serverUrl: central.t.url,
      code: await central.t.enrollmentCode(hub.officeId),
      deviceName: 'Kontorets nav',
    });
    const counter = await pairedDevice(hub, 'counter');
    const refused = { ok: false, error: { code: 'FORBIDDEN', details: [{ path: '', issue: 'hub_pc_only' }] } };

    expect(await counter.raw('sync.disconnect', {})).toMatchObject(refused);
    expect(
      await counter.raw('sync.enroll', {
        serverUrl: central.t.url,
        code: await central.t.enrollmentCode(hub.officeId),
        deviceName: 'Lucka 2',
      }),
    ).toMatchObject(refused);
    const day = stockholmDate(new Date());
    const session = await counter.call('supervisor.unlock', { officeId: hub.officeId, passphrase: HUB_PASSPHRASE });
    const exportInput = {
      token: session.token,
      from: day,
      to: day,
      table: 'report',
      format: 'csv',
      lang: 'sv',
    } as const;
    expect(await counter.raw('stats.export', exportInput)).toMatchObject(refused);
    // The office's figures and the hub's sync status are still the counter's to read.
    expect((await counter.call('stats.report', { token: session.token, from: day, to: day })).total.arrived).toBe(0);
    expect((await counter.call('sync.status', {})).serverUrl).toBe(central.t.url);

    // The hub is still enrolled as it was, and its own window exports and disconnects.
    expect((await hub.call('sync.status', {})).serverUrl).toBe(central.t.url);
    const hubSession = await hub.supervisor();
    expect((await hub.raw('stats.export', { ...exportInput, token: hubSession })).ok).toBe(true);
    expect((await hub.call('sync.disconnect', {})).serverUrl).toBeNull();
  });
});
