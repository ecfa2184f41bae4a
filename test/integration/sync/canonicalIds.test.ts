import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { drainOutbox } from '../../../electron/backend/sync/drain';
import { SyncClient } from '../../../electron/backend/sync/syncClient';
import { syncDevice } from '../../support/syncDevice';

/**
 * Event ids are compared in their canonical (lower-case) spelling on the desktop too: a
 * service (or a proxy) that confirms them in upper case still has them marked sent, once.
 */
describe('the uploader compares event ids canonically', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  it('marks as sent the ids a service confirmed in upper case', async () => {
    const d = await syncDevice();
    await d.walkIn([{ agency: 'SKV', kind: 'skv.moving', outcome: 'done' }]);
    await d.walkIn([{ agency: 'SKV', kind: 'skv.id_card', outcome: 'done' }]);
    const ids = d.outboxRows().map((r) => r.event_id);
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => id === id.toLowerCase())).toBe(true);

    // A real HTTP service on 127.0.0.1 that confirms every event it gets, in upper case.
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const events = (JSON.parse(body) as { events: { id: string }[] }).events;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            stored: events.map((e) => e.id.toUpperCase()),
            conflicts: [],
            receivedAt: new Date().toISOString(),
            clockSkewSeconds: 0,
          }),
        );
      });
    });
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    const port = (server.address() as { port: number }).port;
    const result = await drainOutbox({
      outbox: d.backend.context!.outbox,
      client: new SyncClient({ baseUrl: `http://127.0.0.1:${port}`, token: 't'.repeat(43), timeoutMs: 2_000 }),
      officeId: d.officeId,
      now: () => new Date(),
    });
    expect(result).toMatchObject({ kind: 'done', sent: 2, rejected: 0 });
    expect(d.outboxRows().every((r) => r.sent_at !== null)).toBe(true);
  });
});
