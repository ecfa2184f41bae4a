import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadOrCreateHubCertificate } from '../../../electron/backend/hub/certificate';
import { pinnedAgent, postJson } from '../../../electron/backend/hubLink/hubClient';
import { HUB_PATHS } from '../../../electron/backend/hub/wire';
import { BLOCK_SIZE } from '../../../electron/backend/hub/numberBlocks';
import { EPOCH_HEADER } from '../../../electron/backend/hub/takeoverWire';
import type { ChannelName, Reply } from '../../../shared/api';
import { testBackend } from '../../support/backend';
import { FAST_LINK, HUB_PASSPHRASE } from '../../support/hub';
import { freePort, startHubProcess } from '../../support/hubProcess';
import { startTcpFaultProxy } from '../../support/tcpFaultProxy';
import { tempDir } from '../../support/temp';
import { readFileSync } from 'node:fs';

const OFFICE = 'stockholm';

/**
 * The hub's data dir made ready the way a supervisor would (office, passphrase, four devices
 * added with their codes), in this process; then the hub runs as its own process on it.
 */
async function prepareHub(dataDir: string) {
  const t = testBackend({ dataDir });
  await t.call('setup.save', { officeId: OFFICE, officerSignature: 'HUBB' });
  const session = await t.call('supervisor.setPassphrase', { officeId: OFFICE, passphrase: HUB_PASSPHRASE });
  const certificate = await loadOrCreateHubCertificate(dataDir);
  t.backend.context!.hubDevices.serveWith(certificate.fingerprint);
  const add = (role: 'counter' | 'kiosk' | 'display', name: string) =>
    t.call('hub.addDevice', { token: session.token, name, role });
  const codes = {
    standby: await add('counter', 'Lucka 1'),
    counter: await add('counter', 'Lucka 2'),
    kiosk: await add('kiosk', 'Kiosk'),
    display: await add('display', 'Väntrum'),
    sleeper: await add('display', 'Väntrum 2'),
  };
  t.close();
  return codes;
}

/** Every ticket number a hub's store holds (what it may have given out), read after it died. */
function numbersIn(dataDir: string): Set<string> {
  const db = new BetterSqlite3(join(dataDir, 'lucka.sqlite'), { readonly: true });
  try {
    return new Set((db.prepare('SELECT number FROM tickets').all() as { number: string }[]).map((r) => r.number));
  } finally {
    db.close();
  }
}

function device(standbyPort: number, dataDir?: string) {
  return testBackend({
    dataDir,
    hubLink: FAST_LINK,
    takeover: { port: standbyPort, listenHost: '127.0.0.1', notifyEveryMs: 200 },
  });
}
type Device = ReturnType<typeof device>;

describe('taking over a dead hub', { timeout: 180_000 }, () => {
  it('kill -9 of the hub mid-burst, takeover on the standby: the queue is restored, devices follow, no number is issued twice, the old hub steps down', async () => {
    const hubDir = tempDir();
    const codes = await prepareHub(hubDir);
    const hubPort = await freePort();
    const standbyPort = await freePort();
    let hub = await startHubProcess(hubDir, hubPort);
    const address = `127.0.0.1:${hubPort}`;

    const standby = device(standbyPort);
    const counter = device(standbyPort);
    const kiosk = device(standbyPort);
    const display = device(standbyPort);
    // A second display that is switched off before the hub dies and on again after it came back.
    const sleeper = device(standbyPort);
    // The standby's cable runs through a fault proxy, so the test can cut it.
    const standbyCable = await startTcpFaultProxy(hubPort);
    await standby.call('hubLink.pair', { address: `127.0.0.1:${standbyCable.port}`, code: codes.standby.code });
    for (const [d, added] of [
      [counter, codes.counter],
      [kiosk, codes.kiosk],
      [display, codes.display],
      [sleeper, codes.sleeper],
    ] as const)
      await d.call('hubLink.pair', { address, code: added.code });

    // A supervisor (at a paired counter) makes Lucka 1 the standby.
    const session = await counter.call('supervisor.unlock', { officeId: OFFICE, passphrase: HUB_PASSPHRASE });
    await counter.call('hub.setStandby', { token: session.token, deviceId: codes.standby.device.id });
    const roster = (d: Device) => d.backend.context!.hubLink.knownRoster;
    await vi.waitFor(() => {
      for (const d of [counter, kiosk, display, sleeper]) expect(roster(d).standby?.port).toBe(standbyPort);
    }, 20_000);

    const handedOut: string[] = [];
    const issue = async (d: Device, letter = 'A') => {
      const reply = await d.raw('tickets.issue', { queueLetter: letter, source: 'kiosk' });
      if (reply.ok) handedOut.push((reply.result as { number: string }).number);
      return reply;
    };
    const snapshot = await counter.call('queue.snapshot', {});
    const counterId = snapshot.counters[0]!.id;
    await counter.call('counters.open', { counterId, officerSignature: 'ANLA' });
    for (let i = 0; i < 25; i++) await issue(kiosk, i % 2 ? 'A' : 'B');
    await vi.waitFor(() => expect(standby.backend.context!.standbyMirror.count()).toBe(25), 20_000);

    // The standby's cable is cut: the hub goes on issuing only within the blocks the standby
    // acknowledged. These numbers are given out, and the standby never sees them.
    standbyCable.blackHole(true);
    standbyCable.severAll();
    const beyond: Reply[] = [];
    while (beyond.length < 40 && (beyond.at(-1)?.ok ?? true)) beyond.push(await issue(kiosk, 'A'));
    // Within a block the standby stored, then refused: the hub never runs ahead of its standby.
    expect(beyond.filter((r) => r.ok).length).toBeGreaterThanOrEqual(BLOCK_SIZE / 2);
    expect(beyond.at(-1)).toMatchObject({ ok: false, error: { code: 'HUB_STANDBY_BEHIND' } });

    sleeper.close();
    // A burst of issues and calls, and the hub's power is cut in the middle of it.
    let stop = false;
    const burst = [
      ...Array.from({ length: 3 }, async () => {
        while (!stop) await issue(kiosk, 'A');
      }),
      (async () => {
        while (!stop) {
          const called = await counter.raw('tickets.callNext', { counterId });
          const ticket = called.ok ? (called.result as { id: string } | null) : null;
          if (ticket) await counter.raw('tickets.noShow', { counterId, ticketId: ticket.id });
        }
      })(),
    ];
    await new Promise((r) => setTimeout(r, 150));
    await hub.kill();
    stop = true;
    await Promise.all(burst);
    const oldNumbers = numbersIn(hubDir);
    standbyCable.blackHole(false);
    for (const n of handedOut) expect(oldNumbers.has(n), n).toBe(true);

    // Nothing is decided by itself: every device says the hub is unreachable.
    const meanwhile = await kiosk.raw('tickets.issue', { queueLetter: 'A', source: 'kiosk' });
    expect(meanwhile, JSON.stringify(meanwhile)).toMatchObject({ ok: false, error: { code: 'HUB_UNREACHABLE' } });

    // A supervisor takes over on the standby, with the office's passphrase.
    expect(await standby.raw('hubLink.takeOver', { passphrase: 'not the passphrase' })).toMatchObject({
      error: { code: 'SUPERVISOR_DENIED' },
    });
    const taken = await standby.call('hubLink.takeOver', { passphrase: HUB_PASSPHRASE });
    expect(taken.epoch).toBe(2);
    expect(taken.servingAfterTakeover).toContain(String(standbyPort));
    expect((await standby.call('hubLink.status', {})).state).toBe('standalone');
    expect((await standby.call('hub.status', {})).serving).toBe(true);
    // Today's queue as the standby knew it.
    const restored = standby.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number };
    expect(restored.n).toBeGreaterThanOrEqual(25);

    // Kiosk, display and the other counter follow without re-pairing; no number comes twice.
    const newNumbers: string[] = [];
    for (let i = 0; i < 30; i++) {
      const reply = await issue(kiosk, i % 3 ? 'A' : 'B');
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
      newNumbers.push((reply as Reply & { result: { number: string } }).result.number);
    }
    for (const n of newNumbers) expect(oldNumbers.has(n), `${n} was given out by the old hub`).toBe(false);
    console.info(
      `takeover: ${handedOut.length - newNumbers.length} numbers handed out by the old hub (${oldNumbers.size} in its store), ` +
        `${restored.n} tickets restored on the standby, the new hub's first numbers ${newNumbers.find((n) => n.startsWith('A'))} and ${newNumbers.find((n) => n.startsWith('B'))}, ` +
        `the old hub's highest ${[...oldNumbers]
          .filter((n) => n.startsWith('A'))
          .sort()
          .at(-1)} and ${[...oldNumbers]
          .filter((n) => n.startsWith('B'))
          .sort()
          .at(-1)}`,
    );
    expect(new Set(newNumbers).size).toBe(newNumbers.length);
    const call = async (d: Device, channel: ChannelName) => d.raw(channel, {});
    expect((await call(display, 'queue.display')).ok).toBe(true);
    expect((await call(counter, 'queue.snapshot')).ok).toBe(true);
    for (const d of [kiosk, display, counter]) {
      const status = await d.call('hubLink.status', {});
      expect(status.address).toBe(`https://127.0.0.1:${standbyPort}`);
      expect(status.state).toBe('connected');
      expect(roster(d).epoch).toBe(2);
    }

    // The old hub comes back on its address: told by the new hub, it steps down for good.
    hub = await startHubProcess(hubDir, hubPort);
    await vi.waitFor(() => {
      const db = new BetterSqlite3(join(hubDir, 'lucka.sqlite'), { readonly: true });
      try {
        expect(db.prepare('SELECT successor_epoch FROM hub_state').get()).toEqual({ successor_epoch: 2 });
      } finally {
        db.close();
      }
    }, 20_000);
    // A device still pointed at it (it was off during the takeover) is refused there.
    const kioskToken = readFileSync(join(kiosk.dataDir, 'secrets', 'hub-token'), 'utf8');
    const agent = pinnedAgent({
      certPem: readFileSync(join(hubDir, 'hub', 'certificate.pem'), 'utf8'),
      fingerprint: hub.fingerprint,
    });
    const refused = await postJson(
      agent,
      { host: '127.0.0.1', port: hubPort, path: HUB_PATHS.request },
      { id: 1, channel: 'tickets.issue', input: { queueLetter: 'A', source: 'kiosk' } },
      { authorization: `Bearer ${kioskToken}`, [EPOCH_HEADER]: '1' },
      5000,
    );
    agent.destroy();
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'HUB_STEPPED_DOWN' } } });
    expect(numbersIn(hubDir)).toEqual(oldNumbers);

    // The display that was off wakes up pointed at the old hub (epoch 1): refused there, it
    // finds the new hub through its roster, with its own token, and shows the new queue.
    const woken = device(standbyPort, sleeper.dataDir);
    const shown = await woken.call('queue.display', {});
    expect(shown.queues.find((q) => q.letter === 'A')?.waiting).toBeGreaterThan(0);
    expect((await woken.call('hubLink.status', {})).address).toBe(`https://127.0.0.1:${standbyPort}`);
    expect(roster(woken).epoch).toBe(2);
    await standbyCable.close();
  });
});
