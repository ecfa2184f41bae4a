import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateHubCertificate } from '../../../electron/backend/hub/certificate';
import { DATABASE_FILE_NAME } from '../../../db/open';
import type { Visit } from '../../../shared/api';
import type { Agency } from '../../../shared/domain';
import { FAST_LINK, HUB_PASSPHRASE, testHub } from '../../support/hub';
import { testBackend } from '../../support/backend';
import { startTcpFaultProxy } from '../../support/tcpFaultProxy';
import { tempDir } from '../../support/temp';
import { waitFor } from '../../support/waitFor';
import { BACKENDS, useTestServer } from '../server/harness';

/**
 * A counter cut off from its office hub (decision 0008, "A counter that cannot reach the
 * hub"): real HTTPS between a hub and a counter PC through a TCP proxy that pulls the cable,
 * real SQLite stores, and a real central statistics service the hub syncs to afterwards.
 * The same day runs twice: with the hub in the test's process (its store inspected and its
 * end-of-day report run by hand), and with the hub as `npm run hub`, its own process, whose
 * uploader sends to the service by itself.
 */

const proxies: { close(): Promise<void> }[] = [];
const children: ChildProcess[] = [];
const readers: Database.Database[] = [];
afterEach(async () => {
  for (const db of readers.splice(0)) db.close();
  for (const p of proxies.splice(0)) await p.close();
  // SIGTERM, which scripts/hub.mjs passes on to the hub it runs (a SIGKILL would orphan it).
  for (const c of children.splice(0)) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  }
});

const OFFICE = 'stockholm';

/** What the day needs of the hub, wherever it runs. */
interface HubUnderTest {
  port: number;
  /** The hub's store, for the test to look at. */
  db: Database.Database;
  dataDir: string;
  /** Its uploader runs by itself (the process), or only when the test says (in process). */
  uploadsByItself: boolean;
  /** A one-time code for a counter device. */
  code: string;
  /** Until the central service holds what the hub's outbox holds. */
  syncToCentral(): Promise<void>;
  /** In-process only: the hub's end-of-day report over `day`, as it will run after midnight. */
  sweep?(day: string): { seen: number; written: number; failed: string[] };
}

/** `npm run hub` as an office runs it, on 127.0.0.1 (as test/integration/hub/hubProcess.test.ts). */
async function hubProcess(dataDir: string): Promise<{ port: number }> {
  const child = spawn(
    process.execPath,
    ['scripts/hub.mjs', '--data-dir', dataDir, '--port', '0', '--listen', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`hub exited with ${code}`)));
  });
  return JSON.parse(line) as { port: number };
}

describe('office hub: a counter cut off from the hub', { timeout: 60_000 }, () => {
  const central = useTestServer(BACKENDS[0]!);

  async function enrolled(call: ReturnType<typeof testBackend>['call']) {
    const code = await central.t.enrollmentCode(OFFICE);
    await call('sync.enroll', { serverUrl: central.t.url, code, deviceName: 'Kontorets nav' });
  }

  async function hubInProcess(): Promise<HubUnderTest> {
    const hub = await testHub({ officeId: OFFICE });
    await enrolled(hub.call);
    const ctx = hub.backend.context!;
    return {
      port: hub.server.port,
      db: hub.db,
      dataDir: hub.dataDir,
      uploadsByItself: false,
      code: (await hub.addDevice('counter', 'Lucka 2')).code,
      syncToCentral: async () => {
        expect(await hub.call('sync.now', {})).toMatchObject({ pending: 0, lastError: null });
      },
      sweep: (day) => {
        const nextDay = new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        return ctx.write(() =>
          ctx.outbox.sweepPage('tickets', { since: day, today: nextDay, afterId: '', limit: 100 }, new Date()),
        );
      },
    };
  }

  async function hubInItsOwnProcess(): Promise<HubUnderTest> {
    // The hub PC's first-run setup, passphrase, enrollment and a device code, made on its data
    // dir before it starts (as its own screens would), then the store is closed for the process.
    const dataDir = tempDir();
    const setup = testBackend({ dataDir });
    await setup.call('setup.save', { officeId: OFFICE, officerSignature: 'HUBB' });
    await enrolled(setup.call);
    const { token } = await setup.call('supervisor.setPassphrase', { officeId: OFFICE, passphrase: HUB_PASSPHRASE });
    setup.backend.context!.hubDevices.serveWith((await loadOrCreateHubCertificate(dataDir)).fingerprint);
    const { code } = await setup.call('hub.addDevice', { token, name: 'Lucka 2', role: 'counter' });
    setup.close();
    const { port } = await hubProcess(dataDir);
    const db = new Database(join(dataDir, DATABASE_FILE_NAME), { readonly: true });
    readers.push(db);
    return {
      port,
      db,
      dataDir,
      uploadsByItself: true,
      code,
      // Its uploader runs by itself (kicked by each batch of counters' events).
      syncToCentral: async () => {
        await waitFor(
          () => db.prepare('SELECT count(*) AS n FROM sync_outbox WHERE sent_at IS NULL').get() as { n: number },
          (r) => r.n === 0,
          1200,
        );
      },
    };
  }

  async function office(hub: HubUnderTest) {
    central.t.clock.current = new Date();
    const proxy = await startTcpFaultProxy(hub.port);
    proxies.push(proxy);
    const counter = testBackend({ hubLink: FAST_LINK });
    await counter.call('hubLink.pair', { address: `127.0.0.1:${proxy.port}`, code: hub.code });
    await counter.call('setup.save', { officeId: OFFICE, officerSignature: 'ANLA' });
    const counterId = (await counter.call('queue.snapshot', {})).counters[0]!.id;
    await counter.call('counters.open', { counterId });

    async function errand(visit: Visit, agency: Agency, errandKind: string): Promise<Visit> {
      visit = await counter.call('visits.addErrand', { visitId: visit.id, agency, errandKind });
      return counter.call('visits.setOutcome', { errandId: visit.errands.at(-1)!.id, outcome: 'done' });
    }
    async function walkIn(agency: Agency, errandKind: string): Promise<Visit> {
      const visit = await errand(await counter.call('visits.start', {}), agency, errandKind);
      return counter.call('visits.close', { visitId: visit.id });
    }
    return { proxy, counter, counterId, errand, walkIn };
  }

  it.each([
    ['in the test process', hubInProcess],
    ['as its own process (npm run hub)', hubInItsOwnProcess],
  ])(
    'with the hub %s: the counter finishes its visit, serves two walk-ins, rejoins by itself; the central counts equal the office’s, no arrival twice',
    async (_where, start) => {
      const hub = await start();
      const { proxy, counter, counterId, errand, walkIn } = await office(hub);
      for (let i = 0; i < 3; i++) await counter.call('tickets.issue', { queueLetter: 'A', source: 'officer' });

      // The first ticket does not come at first (the hub's no-show event), then is called again and served.
      const a001 = (await counter.call('tickets.callNext', { counterId }))!;
      await counter.call('tickets.noShow', { counterId, ticketId: a001.id });
      await counter.call('tickets.recall', { counterId, ticketId: a001.id });
      let visit = await counter.call('tickets.serve', { counterId, ticketId: a001.id });
      visit = await errand(visit, 'SKV', 'skv.id_card');

      // The cable is pulled mid-visit.
      proxy.blackHole(true);
      proxy.severAll();

      // The visit in progress finishes: it is this PC's. The ticket's end waits in the journal.
      const closed = await counter.call('visits.close', { visitId: visit.id });
      expect(closed.closedAt).not.toBeNull();
      const cut = await waitFor(
        () => counter.call('hubLink.status', {}),
        (s) => s.state === 'unreachable',
      );
      // The header's "Navet nås inte sedan HH:MM".
      expect(cut.unreachableSince).not.toBeNull();
      expect(cut.pendingActions).toBe(1);
      // Calling the next ticket needs the hub, and says so; nothing is invented locally.
      expect(await counter.raw('tickets.callNext', { counterId })).toMatchObject({
        ok: false,
        error: { code: 'HUB_UNREACHABLE', details: [{ path: '', issue: 'queue_needs_hub' }] },
      });
      // Two walk-ins are served and logged here, without a ticket number.
      const walkIns = [await walkIn('FK', 'fk.eu_card'), await walkIn('PM', 'pm.general_pension')];
      expect(walkIns.map((v) => v.ticketNumber)).toEqual([null, null]);
      expect(counter.db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 0 });
      expect(hub.db.prepare('SELECT state FROM tickets WHERE id = ?').get(a001.id)).toEqual({ state: 'serving' });
      expect((await counter.call('visits.today', {})).visits).toHaveLength(3);

      // The cable is back: the PC catches up by itself (no request from the officer).
      proxy.blackHole(false);
      const back = await waitFor(
        () => counter.call('hubLink.status', {}),
        (s) => s.state === 'connected' && s.pendingActions === 0 && s.pendingEvents === 0,
      );
      expect(back.refusedActions).toBe(0);
      expect(hub.db.prepare('SELECT state FROM tickets WHERE id = ?').get(a001.id)).toEqual({ state: 'done' });

      // The queue goes on: A002 served and closed; A003 does not come.
      const a002 = (await counter.call('tickets.callNext', { counterId }))!;
      visit = await errand(
        await counter.call('tickets.serve', { counterId, ticketId: a002.id }),
        'AF',
        'af.registration',
      );
      await counter.call('visits.close', { visitId: visit.id });
      const a003 = (await counter.call('tickets.callNext', { counterId }))!;
      // Three numbers, each once (tickets issued in the same millisecond are called by id).
      expect([a001.number, a002.number, a003.number].sort()).toEqual(['A001', 'A002', 'A003']);
      await counter.call('tickets.noShow', { counterId, ticketId: a003.id });
      await waitFor(
        () => counter.call('hubLink.status', {}),
        (s) => s.pendingActions === 0 && s.pendingEvents === 0,
      );

      // The supervisor sees the whole office from the counter PC, before anything reached the service.
      const day = closed.localDate;
      const session = await counter.call('supervisor.unlock', { officeId: OFFICE, passphrase: HUB_PASSPHRASE });
      const figures = await counter.call('stats.report', { token: session.token, from: day, to: day });
      expect(figures.total).toMatchObject({ arrived: 5, served: 4, noShows: 1, errands: 4 });
      if (!hub.uploadsByItself) expect(await central.t.store.currentEvents(OFFICE, day, day)).toEqual([]);

      // The hub's end-of-day report writes nothing for the tickets it handed over: the counter PC
      // wrote their events (one writer per arrival); its own no-show already has its event.
      if (hub.sweep) expect(hub.sweep(day)).toMatchObject({ seen: 3, written: 0, failed: [] });

      // The hub's uploader is the only one that talks to the service; then the counts agree exactly.
      await hub.syncToCentral();
      const current = await central.t.store.currentEvents(OFFICE, day, day);
      expect(current).toHaveLength(5);
      expect(current.map((e) => e.status).sort()).toEqual(['no_show', 'served', 'served', 'served', 'served']);
      // No arrival twice: the hub's no-show event of A001 is superseded by the counter's served one.
      const held = await central.t.store.listEvents({ officeId: OFFICE }, 100);
      expect(held).toHaveLength(6);
      const a001NoShow = held.find((e) => e.status === 'no_show' && current.every((c) => c.id !== e.id))!;
      expect(current.some((e) => e.supersedes === a001NoShow.id)).toBe(true);
      const fromService = await central.t.request('GET', `/v1/stats/daily?office=${OFFICE}&from=${day}&to=${day}`, {
        token: readFileSync(join(hub.dataDir, 'secrets', 'sync-token'), 'utf8'),
      });
      expect(fromService.status, fromService.text).toBe(200);
      expect(fromService.json).toEqual(figures);
    },
  );
});
