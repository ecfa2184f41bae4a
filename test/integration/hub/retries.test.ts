import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pinnedAgent, postJson } from '../../../electron/backend/hubLink/hubClient';
import { HUB_PATHS } from '../../../electron/backend/hub/wire';
import type { Reply, Ticket } from '../../../shared/api';
import { testBackend } from '../../support/backend';
import { FAST_LINK, testHub } from '../../support/hub';
import { startTcpFaultProxy } from '../../support/tcpFaultProxy';

const proxies: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const p of proxies.splice(0)) await p.close();
});

/** A hub with one open counter (c1) and three waiting tickets. */
async function officeWithQueue() {
  const hub = await testHub();
  const counterId = (await hub.call('queue.snapshot', {})).counters[0]!.id;
  await hub.call('counters.open', { counterId, officerSignature: 'ANLA' });
  for (let i = 0; i < 3; i++) await hub.call('tickets.issue', { queueLetter: 'A', source: 'officer' });
  const calls = () =>
    (hub.db.prepare("SELECT count(*) AS n FROM ticket_events WHERE action = 'call'").get() as { n: number }).n;
  return { hub, counterId, calls };
}

describe('office hub: a retried request has its effect once', { timeout: 30_000 }, () => {
  it('a call-next whose reply is lost after the hub committed is retried and returns the same ticket', async () => {
    const { hub, counterId, calls } = await officeWithQueue();
    const proxy = await startTcpFaultProxy(hub.server.port);
    proxies.push(proxy);
    const added = await hub.addDevice('counter');
    const device = testBackend({ hubLink: FAST_LINK });
    // Paired through the proxy: TLS passes it untouched, so the hub's own certificate is pinned.
    await device.call('hubLink.pair', { address: `127.0.0.1:${proxy.port}`, code: added.code });
    // Only request connections on this link: the event stream would take a socket of its own.
    device.backend.context!.hubLink.stop();
    await device.call('queue.snapshot', {}); // the connection's TLS handshake is done

    proxy.cutNextReply();
    const ticket = (await device.call('tickets.callNext', { counterId })) as Ticket;
    expect(proxy.cut).toBe(1);
    expect(ticket).toMatchObject({ state: 'called', counterId });
    // Once: one call in the hub's log, and the next ticket is still waiting.
    expect(calls()).toBe(1);
    const snapshot = await hub.call('queue.snapshot', {});
    expect(snapshot.waiting).toHaveLength(2);
    // A new call-next (a new key) is a new request: this counter already holds a ticket.
    expect(await device.raw('tickets.callNext', { counterId })).toMatchObject({
      error: { code: 'COUNTER_HAS_TICKET' },
    });
  });

  it('the hub answers a repeated idempotency key with the first reply, at once or later, and never acts again', async () => {
    const { hub, counterId, calls } = await officeWithQueue();
    const added = await hub.addDevice('counter');
    const device = testBackend({ hubLink: FAST_LINK });
    await device.call('hubLink.pair', { address: hub.address, code: added.code });
    const token = readFileSync(join(device.dataDir, 'secrets', 'hub-token'), 'utf8');
    const agent = pinnedAgent(hub.certificate);
    const target = { host: '127.0.0.1', port: hub.server.port, path: HUB_PATHS.request };
    const send = (key: string, channel: string, input: unknown, id = 7) =>
      postJson(
        agent,
        target,
        { id, channel, input },
        { authorization: `Bearer ${token}`, 'idempotency-key': key },
        5000,
      ).then((r) => r.body as Reply);

    const key = randomUUID();
    // Two copies in flight at once (a retry racing the original), then one more later.
    const [a, b] = await Promise.all([
      send(key, 'tickets.callNext', { counterId }, 1),
      send(key, 'tickets.callNext', { counterId }, 2),
    ]);
    const later = await send(key, 'tickets.callNext', { counterId }, 3);
    expect(a).toMatchObject({ id: 1, ok: true });
    expect(b).toEqual({ ...a, id: 2 });
    expect(later).toEqual({ ...a, id: 3 });
    expect(calls()).toBe(1);
    // The same key for another request is refused, not answered with the first reply.
    expect(
      await send(key, 'tickets.noShow', { counterId, ticketId: (a as { result: Ticket }).result.id }),
    ).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', details: [{ path: 'idempotencyKey' }] },
    });
    // A refused request changed nothing and is not remembered: its retry runs again.
    const refusedKey = randomUUID();
    expect(await send(refusedKey, 'tickets.callNext', { counterId })).toMatchObject({
      error: { code: 'COUNTER_HAS_TICKET' },
    });
    const ticketId = (a as { result: Ticket }).result.id;
    await send(randomUUID(), 'tickets.noShow', { counterId, ticketId });
    expect(await send(refusedKey, 'tickets.callNext', { counterId })).toMatchObject({ ok: true });
    expect(calls()).toBe(2);
    // A key that is not a UUID is refused before anything runs.
    expect(await send('not-a-key', 'tickets.callNext', { counterId })).toMatchObject({
      error: { code: 'BAD_REQUEST', details: [{ path: 'idempotencyKey', issue: 'invalid' }] },
    });
    expect(calls()).toBe(2);
    agent.destroy();
  });
});
