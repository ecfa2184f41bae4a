import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BACKENDS, servedEvent, useTestServer, type TestServer } from './harness';

/** Generous bound for "the service answers at all": a hung connection fails the test instead of hanging it. */
const ANSWER_WITHIN_MS = 10_000;

const randomToken = () => randomBytes(32).toString('base64url');

/**
 * Opens a raw connection, writes `head` (and nothing more), and resolves with what the
 * service wrote and whether it closed the connection, once it closes or ANSWER_WITHIN_MS pass.
 */
function rawExchange(t: TestServer, head: string, trickle = false): Promise<{ text: string; closed: boolean }> {
  const url = new URL(t.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let text = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      clearTimeout(giveUp);
      clearInterval(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    const giveUp = setTimeout(() => finish(false), ANSWER_WITHIN_MS);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      socket.write(head);
      // A slow client: one more body byte every 200 ms, never the whole body.
      if (trickle) timer = setInterval(() => socket.write(' '), 200);
    });
  });
}

const postHead = (t: TestServer, token: string, length = 100_000) =>
  `POST /v1/events HTTP/1.1\r\nHost: ${new URL(t.url).host}\r\nAuthorization: Bearer ${token}\r\n` +
  `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{"sentAt":`;

describe.each(BACKENDS)('ingest guards ($name)', (backend) => {
  const s = useTestServer(backend, {
    limits: { unknownPerAddress: 3, dailyEventsPerDevice: 5 },
    timeouts: { headersMs: 1000, requestMs: 1500, checkEveryMs: 200 },
  });

  it('checks the token before reading the body: an unknown token trickling a body gets 401 and the connection closed', async () => {
    const { t } = s;
    const answer = await rawExchange(t, postHead(t, randomToken()), true);
    expect(answer.text).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer.text).toMatch(/connection: close/i);
    expect(answer.closed).toBe(true);
    // Not JSON with a made-up token: 401, not 400 (nothing was parsed).
    const notJson = await t.request('POST', '/v1/events', { token: randomToken(), rawBody: '{"sentAt": ' });
    expect(notJson.status).toBe(401);
    expect(notJson.json.error.code).toBe('UNAUTHORIZED');
  });

  it('puts every request without a valid token from one address in one rate-limit bucket; enrolled devices keep theirs', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.upload(randomToken(), [servedEvent('stockholm')])).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await t.request('GET', '/v1/guides', { token: randomToken() });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await t.upload(device.token, [servedEvent('stockholm')])).status).toBe(200);
  });

  it('closes a request whose body does not arrive within the request timeout, even with a valid token', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const answer = await rawExchange(t, postHead(t, device.token), true);
    expect(answer.closed).toBe(true);
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    expect((await t.store.countEvents()).total).toBe(0);
  });

  it('closes a connection whose headers do not arrive within the header timeout', async () => {
    const { t } = s;
    const answer = await rawExchange(t, `POST /v1/events HTTP/1.1\r\nHost: ${new URL(t.url).host}\r\nX-Slow: a`);
    expect(answer.closed).toBe(true);
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('holds a device to its daily quota of new events with a clear 429; replays are free; the next day it may send again', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    const first = [1, 2, 3].map(() => servedEvent('stockholm'));
    expect((await t.upload(device.token, first)).status).toBe(200);
    const over = await t.upload(
      device.token,
      [1, 2, 3].map(() => servedEvent('stockholm')),
    );
    expect(over.status).toBe(429);
    expect(over.json.error.code).toBe('RATE_LIMITED');
    expect(over.json.error.message).toMatch(/5 new events/);
    expect(over.json.error.details).toEqual([{ path: 'events', issue: 'daily_quota:5' }]);
    // Until midnight UTC: the test clock is 09:00 UTC.
    expect(Number(over.headers.get('retry-after'))).toBe(15 * 3600);
    expect((await t.store.countEvents()).total).toBe(3);
    // Sending again what is already held costs nothing.
    expect((await t.upload(device.token, first)).status).toBe(200);
    expect((await t.upload(device.token, [servedEvent('stockholm'), servedEvent('stockholm')])).status).toBe(200);
    t.clock.advance(86_400_000);
    expect(
      (
        await t.upload(
          device.token,
          [1, 2, 3].map(() => servedEvent('stockholm')),
        )
      ).status,
    ).toBe(200);
    expect((await t.store.countEvents()).total).toBe(8);
  });

  it('stores a sentAt decades off (a skew beyond 32 bits) instead of failing with 500', async () => {
    const { t } = s;
    const device = await t.enroll('stockholm');
    for (const sentAt of ['2100-03-10T09:00:00.000Z', '1900-01-01T00:00:00.000Z']) {
      const res = await t.upload(device.token, [servedEvent('stockholm')], sentAt);
      expect(res.status, res.text).toBe(200);
      expect(Math.abs(res.json.clockSkewSeconds)).toBeGreaterThan(2 ** 31);
    }
    expect(await t.store.countEvents()).toEqual({ total: 2, skewFlagged: 2 });
  });
});
