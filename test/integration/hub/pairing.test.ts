import { existsSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { connect, createServer as createTlsServer, type Server } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateHubCertificate } from '../../../electron/backend/hub/certificate';
import { PAIR_ATTEMPTS_PER_MINUTE, startHubServer } from '../../../electron/backend/hosts/hubServer';
import { pinnedAgent, postJson } from '../../../electron/backend/hubLink/hubClient';
import { HUB_PATHS } from '../../../electron/backend/hub/wire';
import { testBackend, testClock } from '../../support/backend';
import { FAST_LINK, pairedDevice, stopServer, testHub } from '../../support/hub';
import { tempDir } from '../../support/temp';

const others: Server[] = [];
afterEach(async () => {
  for (const s of others.splice(0)) await new Promise((r) => s.close(r));
});

/** Another self-signed certificate, as a stranger on the LAN would have. */
const strangerCertificate = () => loadOrCreateHubCertificate(tempDir());

async function listen(server: Server, port = 0): Promise<number> {
  others.push(server);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

/** A man in the middle: ends TLS with his own certificate and relays every byte to the real hub. */
async function relayingMitm(hubPort: number): Promise<number> {
  const cert = await strangerCertificate();
  const server = createTlsServer({ key: cert.keyPem, cert: cert.certPem }, (client) => {
    const upstream = connect({ host: '127.0.0.1', port: hubPort, rejectUnauthorized: false });
    client.pipe(upstream).pipe(client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return listen(server);
}

function device() {
  return testBackend({ hubLink: FAST_LINK });
}

describe('office hub: pairing', { timeout: 30_000 }, () => {
  it('pins the certificate the hub presents, and stores the link and the token only after a proven answer', async () => {
    const hub = await testHub();
    const added = await hub.addDevice('counter', 'Lucka 1');
    expect(added.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(added.fingerprint).toBe(hub.certificate.fingerprint);
    // The hub keeps neither the code nor its secret part.
    const stored = JSON.stringify(hub.db.prepare('SELECT * FROM hub_pairing_codes').all());
    expect(stored).not.toContain(added.code.slice(5, 9));
    const d = device();
    expect((await d.call('hubLink.status', {})).state).toBe('standalone');
    // Lower case and spaces around are how people type it.
    const status = await d.call('hubLink.pair', {
      address: `https://${hub.address}/`,
      code: ` ${added.code.toLowerCase()} `,
    });
    expect(status).toMatchObject({
      state: 'connected',
      role: 'counter',
      deviceName: 'Lucka 1',
      fingerprint: hub.certificate.fingerprint,
    });
    // The code is spent: a second device cannot use it.
    expect(await device().raw('hubLink.pair', { address: hub.address, code: added.code })).toMatchObject({
      error: { code: 'HUB_PAIRING_REFUSED', details: [{ issue: 'unknown_code' }] },
    });
  });

  it('a man in the middle with another certificate fails pairing, and the code still works on the real hub', async () => {
    const hub = await testHub();
    const added = await hub.addDevice('counter');
    const mitmPort = await relayingMitm(hub.server.port);
    const victim = device();
    expect(await victim.raw('hubLink.pair', { address: `127.0.0.1:${mitmPort}`, code: added.code })).toMatchObject({
      ok: false,
      error: { code: 'HUB_PAIRING_REFUSED', details: [{ issue: 'wrong_code' }] },
    });
    expect(existsSync(join(victim.dataDir, 'hub-link.json'))).toBe(false);
    expect(existsSync(join(victim.dataDir, 'secrets', 'hub-token'))).toBe(false);
    expect((await victim.call('hubLink.status', {})).state).toBe('standalone');
    // It cost one of the code's tries, no more; the real hub pairs.
    expect((await victim.call('hubLink.pair', { address: hub.address, code: added.code })).state).toBe('connected');
  });

  it('a stranger answering in place of the hub cannot prove he knows the code: nothing is pinned', async () => {
    const cert = await strangerCertificate();
    const fake = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          deviceId: '0b6f7a3e-8d1b-4a0c-9a55-0d6a1f5f7c21',
          role: 'counter',
          name: 'Lucka 1',
          token: 't'.repeat(43),
          confirmation: 'c'.repeat(43),
        }),
      );
    });
    const port = await listen(fake as unknown as Server);
    const d = device();
    expect(await d.raw('hubLink.pair', { address: `127.0.0.1:${port}`, code: 'ABCD-EFGH-JKMN' })).toMatchObject({
      error: { code: 'HUB_PAIRING_REFUSED', details: [{ issue: 'hub_not_proven' }] },
    });
    expect(existsSync(join(d.dataDir, 'hub-link.json'))).toBe(false);
  });

  it('a code allows five tries and lives ten minutes', async () => {
    const clock = testClock('2026-11-23T08:00:00Z');
    const hub = await testHub({ now: clock.now });
    const added = await hub.addDevice('kiosk');
    const wrong = `${added.code.slice(0, 5)}${added.code.slice(5, 9) === 'AAAA' ? 'BBBB' : 'AAAA'}-${added.code.slice(10)}`;
    const d = device();
    for (let i = 0; i < 5; i++) {
      expect(await d.raw('hubLink.pair', { address: hub.address, code: wrong })).toMatchObject({
        error: { code: 'HUB_PAIRING_REFUSED', details: [{ issue: 'wrong_code' }] },
      });
    }
    expect(await d.raw('hubLink.pair', { address: hub.address, code: added.code })).toMatchObject({
      error: { code: 'HUB_PAIRING_REFUSED', details: [{ issue: 'no_tries_left' }] },
    });
    const later = await hub.addDevice('kiosk', 'Kiosk 2');
    clock.set('2026-11-23T08:10:00Z');
    expect(await d.raw('hubLink.pair', { address: hub.address, code: later.code })).toMatchObject({
      error: { code: 'HUB_PAIRING_REFUSED', details: [{ issue: 'expired' }] },
    });
  });

  it('refuses a malformed code or address at the boundary, and says when nothing answers', async () => {
    const d = device();
    expect(await d.raw('hubLink.pair', { address: '127.0.0.1:1', code: 'ABCD-EFGH-IJKL' })).toMatchObject({
      error: { code: 'VALIDATION', details: [{ path: 'code' }] },
    });
    expect(await d.raw('hubLink.pair', { address: 'http://127.0.0.1:8443', code: 'ABCD-EFGH-JKMN' })).toMatchObject({
      error: { code: 'VALIDATION', details: [{ path: 'address' }] },
    });
    const closed = await listen(createTlsServer());
    await new Promise((r) => others.pop()!.close(r));
    expect(await d.raw('hubLink.pair', { address: `127.0.0.1:${closed}`, code: 'ABCD-EFGH-JKMN' })).toMatchObject({
      error: { code: 'HUB_UNREACHABLE' },
    });
  });

  it('after pairing, another certificate at the hub address is refused; the real hub back is accepted again', async () => {
    const hub = await testHub();
    const counter = await pairedDevice(hub, 'counter');
    expect((await counter.raw('queue.snapshot', {})).ok).toBe(true);
    const port = hub.server.port;
    await stopServer(hub.server);
    expect(await counter.raw('queue.snapshot', {})).toMatchObject({ error: { code: 'HUB_UNREACHABLE' } });
    const status = await counter.call('hubLink.status', {});
    expect(status.state).toBe('unreachable');
    expect(status.unreachableSince).not.toBeNull();

    const impostor = await strangerCertificate();
    const server = createHttpsServer({ key: impostor.keyPem, cert: impostor.certPem }, (_req, res) => res.end('{}'));
    await listen(server as unknown as Server, port);
    expect(await counter.raw('queue.snapshot', {})).toMatchObject({ error: { code: 'HUB_CERTIFICATE_CHANGED' } });
    await new Promise((r) => others.pop()!.close(r));

    await startHubServer({ backend: hub.backend, certificate: hub.certificate, listenHost: '127.0.0.1', port }).then(
      (again) => (hub.server = again),
    );
    expect((await counter.raw('queue.snapshot', {})).ok).toBe(true);
    expect((await counter.call('hubLink.status', {})).state).toBe('connected');
    await stopServer(hub.server);
  });
});

describe('office hub: the link file', { timeout: 30_000 }, () => {
  it('a paired PC whose link file is torn refuses every request instead of becoming an office of its own', async () => {
    const hub = await testHub();
    const counter = await pairedDevice(hub, 'counter');
    counter.backend.close();
    writeFileSync(join(counter.dataDir, 'hub-link.json'), '{"address": "https://127.0.0.1:1", "ho');
    const again = testBackend({ dataDir: counter.dataDir, hubLink: FAST_LINK });
    expect(await again.raw('tickets.issue', { queueLetter: 'A', source: 'officer' })).toMatchObject({
      error: { code: 'HUB_DEVICE_REVOKED', details: [{ issue: 'link_unreadable' }] },
    });
    expect(again.db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 0 });
    expect((await again.call('hubLink.status', {})).state).toBe('revoked');
    expect((await again.call('hubLink.unpair', {})).state).toBe('standalone');
  });
});

describe('office hub: guessing codes', { timeout: 30_000 }, () => {
  it('pairing attempts are limited per address, so a stranger cannot burn every live code', async () => {
    const hub = await testHub();
    const agent = pinnedAgent(hub.certificate);
    const target = { host: '127.0.0.1', port: hub.server.port, path: HUB_PATHS.pair };
    const statuses: number[] = [];
    for (let i = 0; i <= PAIR_ATTEMPTS_PER_MINUTE; i++) {
      statuses.push((await postJson(agent, target, { codeId: 'ABCD', proof: 'x'.repeat(43) }, {}, 5000)).status);
    }
    agent.destroy();
    expect(statuses.slice(0, PAIR_ATTEMPTS_PER_MINUTE).every((s) => s === 403)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
