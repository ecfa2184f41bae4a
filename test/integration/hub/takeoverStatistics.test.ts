import BetterSqlite3 from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateHubCertificate } from '../../../electron/backend/hub/certificate';
import { DATABASE_FILE_NAME } from '../../../db/open';
import type { Visit } from '../../../shared/api';
import { testBackend } from '../../support/backend';
import { FAST_LINK, HUB_PASSPHRASE } from '../../support/hub';
import { freePort, startHubProcess } from '../../support/hubProcess';
import { startTcpFaultProxy } from '../../support/tcpFaultProxy';
import { tempDir } from '../../support/temp';
import { waitFor } from '../../support/waitFor';
import { BACKENDS, useTestServer } from '../server/harness';

/**
 * Statistics exactly-once across a takeover (decision 0008, "Statistics across a takeover"):
 * the hub (its own process, `npm run hub`) is enrolled with a real central service but its WAN
 * is down all day, so every event of the office must reach the service through the PC that
 * takes over. The dead hub's last events (a no-show, a walk-in's close) never reached the
 * standby; when it comes back with its WAN up it must not upload them, or an arrival the new
 * hub settled again would count twice.
 */

const OFFICE = 'stockholm';
const proxies: { close(): Promise<void> }[] = [];
const devices: { close(): void }[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) d.close();
  for (const p of proxies.splice(0)) await p.close();
});

function readHubStore<T>(dataDir: string, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe('statistics across a hub takeover', { timeout: 180_000 }, () => {
  const central = useTestServer(BACKENDS[0]!);

  it('kill -9 of the hub, takeover: the central counts per day equal the office’s own, no arrival twice, and the old hub back on its WAN uploads nothing', async () => {
    central.t.clock.current = new Date();
    const wan = await startTcpFaultProxy(Number(new URL(central.t.url).port));
    proxies.push(wan);

    // The hub as a supervisor sets it up: office, passphrase, enrolled (through its WAN), two counters.
    const hubDir = tempDir();
    const setup = testBackend({ dataDir: hubDir });
    await setup.call('setup.save', { officeId: OFFICE, officerSignature: 'HUBB' });
    await setup.call('sync.enroll', {
      serverUrl: `http://127.0.0.1:${wan.port}`,
      code: await central.t.enrollmentCode(OFFICE),
      deviceName: 'Kontorets nav',
    });
    const { token } = await setup.call('supervisor.setPassphrase', { officeId: OFFICE, passphrase: HUB_PASSPHRASE });
    setup.backend.context!.hubDevices.serveWith((await loadOrCreateHubCertificate(hubDir)).fingerprint);
    const standbyCode = await setup.call('hub.addDevice', { token, name: 'Lucka 1', role: 'counter' });
    const counterCode = await setup.call('hub.addDevice', { token, name: 'Lucka 2', role: 'counter' });
    const thirdCode = await setup.call('hub.addDevice', { token, name: 'Lucka 3', role: 'counter' });
    setup.close();
    wan.blackHole(true);
    const hubPort = await freePort();
    let hub = await startHubProcess(hubDir, hubPort);

    const standbyPort = await freePort();
    const device = () => {
      const d = testBackend({
        hubLink: FAST_LINK,
        takeover: { port: standbyPort, listenHost: '127.0.0.1', notifyEveryMs: 200 },
      });
      devices.push(d);
      return d;
    };
    const standby = device();
    const counter = device();
    const third = device();
    const standbyCable = await startTcpFaultProxy(hubPort);
    proxies.push(standbyCable);
    await standby.call('hubLink.pair', { address: `127.0.0.1:${standbyCable.port}`, code: standbyCode.code });
    await counter.call('hubLink.pair', { address: `127.0.0.1:${hubPort}`, code: counterCode.code });
    await third.call('hubLink.pair', { address: `127.0.0.1:${hubPort}`, code: thirdCode.code });
    await third.call('setup.save', { officeId: OFFICE, officerSignature: 'BERT' });
    await standby.call('setup.save', { officeId: OFFICE, officerSignature: 'STBY' });
    await counter.call('setup.save', { officeId: OFFICE, officerSignature: 'ANLA' });
    const session = await counter.call('supervisor.unlock', { officeId: OFFICE, passphrase: HUB_PASSPHRASE });
    await counter.call('hub.setStandby', { token: session.token, deviceId: standbyCode.device.id });
    await waitFor(
      () => counter.backend.context!.hubLink.knownRoster,
      (r) => r.standby?.port === standbyPort,
    );

    const counters = (await counter.call('queue.snapshot', {})).counters;
    const [c2, c1, c3] = [counters[0]!.id, counters[1]!.id, counters[2]!.id];
    await counter.call('counters.open', { counterId: c2 });
    await third.call('counters.open', { counterId: c3 });
    await standby.call('counters.open', { counterId: c1 });
    for (let i = 0; i < 7; i++) await counter.call('tickets.issue', { queueLetter: 'A', source: 'officer' });

    type Device = typeof counter;
    const callNext = async (d: Device, counterId: string) => (await d.call('tickets.callNext', { counterId }))!;
    const serve = async (d: Device, counterId: string, ticketId: string): Promise<Visit> => {
      const visit = await d.call('tickets.serve', { counterId, ticketId });
      const withErrand = await d.call('visits.addErrand', {
        visitId: visit.id,
        agency: 'SKV',
        errandKind: 'skv.id_card',
      });
      return d.call('visits.setOutcome', { errandId: withErrand.errands.at(-1)!.id, outcome: 'done' });
    };
    const settled = (d: Device) =>
      waitFor(
        () => d.call('hubLink.status', {}),
        (s) => s.state === 'connected' && s.pendingActions === 0 && s.pendingEvents === 0,
      );

    // Before the hub dies: a no-show that stays one (the hub's event, the arrival's last), a
    // no-show recalled after the takeover (the chain goes on at the new hub), a visit closed
    // at each counter, a visit still open at each.
    const t1 = await callNext(counter, c2);
    await counter.call('tickets.noShow', { counterId: c2, ticketId: t1.id });
    const t2 = await callNext(counter, c2);
    await counter.call('tickets.noShow', { counterId: c2, ticketId: t2.id });
    await counter.call('visits.close', { visitId: (await serve(counter, c2, (await callNext(counter, c2)).id)).id });
    await standby.call('visits.close', { visitId: (await serve(standby, c1, (await callNext(standby, c1)).id)).id });
    const openAtCounter = await serve(counter, c2, (await callNext(counter, c2)).id);
    await settled(counter);
    await settled(standby);
    // The standby holds the hub's outbox, and the hub knows it.
    const hubOutbox = () =>
      readHubStore(hubDir, (db) => ({
        rows: (db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n,
        acked: (db.prepare('SELECT standby_outbox_acked AS n FROM hub_state').get() as { n: number }).n,
        last: (db.prepare('SELECT max(seq) AS n FROM sync_outbox').get() as { n: number }).n,
        journal: (db.prepare('SELECT max(id) AS n FROM ticket_events').get() as { n: number }).n,
      }));
    const before = await waitFor(
      async () => hubOutbox(),
      (o) => o.acked === o.last && standby.backend.context!.standbyMirror.image()?.cursor === o.journal,
    );
    expect(before.rows).toBe(4);
    expect(standby.backend.context!.standbyMirror.outboxCount()).toBe(4);

    // The standby's copy stops here (as if the hub died before its next pull), and then the
    // standby itself is handed a ticket: its copy never sees that hand-over, its own record does.
    standby.backend.context!.hubLink.mirror!.stop();
    const openAtStandby = await serve(standby, c1, (await callNext(standby, c1)).id);
    await settled(standby);

    // The standby's cable is cut; the hub goes on a little: a no-show (the hub's own event)
    // at a third counter, and a walk-in closed there (its event taken by the hub).
    // The standby sees neither.
    standbyCable.blackHole(true);
    standbyCable.severAll();
    const t7 = await callNext(third, c3);
    await third.call('tickets.noShow', { counterId: c3, ticketId: t7.id });
    const walkIn = await third.call('visits.addErrand', {
      visitId: (await third.call('visits.start', {})).id,
      agency: 'FK',
      errandKind: 'fk.eu_card',
    });
    await third.call('visits.setOutcome', { errandId: walkIn.errands.at(-1)!.id, outcome: 'done' });
    await third.call('visits.close', { visitId: walkIn.id });
    await settled(third);
    expect(hubOutbox().rows).toBe(6);

    await hub.kill();
    standbyCable.blackHole(false);
    await standby.call('hubLink.takeOver', { passphrase: HUB_PASSPHRASE });
    await standby.call('sync.enroll', {
      serverUrl: central.t.url,
      code: await central.t.enrollmentCode(OFFICE),
      deviceName: 'Lucka 1',
    });

    // After the takeover: the recalled no-show is served at the counter (its event supersedes
    // the old hub's no-show, which the new hub has), the open visits close, and the ticket the
    // old hub called in its last seconds (still waiting here) is called again and not met.
    await counter.call('visits.close', { visitId: openAtCounter.id });
    await counter.call('tickets.recall', { counterId: c2, ticketId: t2.id });
    await counter.call('visits.close', { visitId: (await serve(counter, c2, t2.id)).id });
    await standby.call('visits.close', { visitId: openAtStandby.id });
    const again = (await standby.call('tickets.callNext', { counterId: c1 }))!;
    expect(again.id).toBe(t7.id);
    await standby.call('tickets.noShow', { counterId: c1, ticketId: t7.id });
    await settled(counter);
    await settled(third);
    expect((await counter.call('hubLink.status', {})).address).toBe(`https://127.0.0.1:${standbyPort}`);
    expect(await standby.call('sync.now', {})).toMatchObject({ pending: 0, lastError: null });

    // The office's own figures (at the new hub) and the service's, per day, field for field.
    const day = openAtStandby.localDate;
    const supervisor = await standby.call('supervisor.unlock', { officeId: OFFICE, passphrase: HUB_PASSPHRASE });
    const figures = await standby.call('stats.report', { token: supervisor.token, from: day, to: day });
    expect(figures.total).toMatchObject({ arrived: 8, served: 6, noShows: 2 });
    const fromService = async () => {
      const reply = await central.t.request('GET', `/v1/stats/daily?office=${OFFICE}&from=${day}&to=${day}`, {
        token: readFileSync(join(standby.dataDir, 'secrets', 'sync-token'), 'utf8'),
      });
      expect(reply.status, reply.text).toBe(200);
      return reply.json;
    };
    expect(await fromService()).toEqual(figures);
    const current = await central.t.store.currentEvents(OFFICE, day, day);
    expect(current).toHaveLength(8);
    // The recalled ticket's served event supersedes the old hub's no-show, which the service holds.
    const held = await central.t.store.listEvents({ officeId: OFFICE }, 100);
    const t2NoShow = held.filter((e) => e.status === 'no_show' && current.every((c) => c.id !== e.id));
    expect(t2NoShow).toHaveLength(1);
    expect(current.some((e) => e.supersedes === t2NoShow[0]!.id)).toBe(true);

    // The old hub comes back with its WAN: told by the new hub, it steps down; it uploads
    // nothing its standby never held (its last no-show would count that ticket twice).
    wan.blackHole(false);
    hub = await startHubProcess(hubDir, hubPort);
    await waitFor(
      async () => readHubStore(hubDir, (db) => db.prepare('SELECT successor_epoch AS e FROM hub_state').get()),
      (r) => (r as { e: number | null }).e === 2,
      1200,
    );
    // Its uploader runs at start and again on its schedule: give it the time of a few rounds.
    const deadline = Date.now() + 4000;
    while (Date.now() < deadline) {
      const unheld = readHubStore(
        hubDir,
        (db) =>
          db
            .prepare('SELECT count(*) AS n FROM sync_outbox WHERE sent_at IS NOT NULL AND seq > ?')
            .get(before.last) as { n: number },
      );
      expect(unheld.n).toBe(0);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(await central.t.store.currentEvents(OFFICE, day, day)).toHaveLength(8);
    expect(await fromService()).toEqual(figures);
    await hub.stop();
  });
});
