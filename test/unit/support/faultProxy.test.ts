import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FAULT_KINDS,
  pickFaults,
  startFaultProxy,
  type FaultOutcome,
  type FaultProxy,
  type FaultProxyOptions,
} from '../../support/faultProxy';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

interface TestServer {
  url: string;
  port: number;
  /** Requests read to the end, in arrival order. */
  full: Received[];
  /** Requests whose connection ended before the body was complete, with the bytes that came. */
  aborted: { url: string; bytes: number }[];
  close(): Promise<void>;
}

/** A stand-in for the service: stores what it reads and answers with the event ids. */
async function startServer(port = 0): Promise<TestServer> {
  const full: Received[] = [];
  const aborted: { url: string; bytes: number }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (c: Buffer) => {
      chunks.push(c);
      bytes += c.length;
    });
    req.on('error', () => {}); // an aborted request errors; it is recorded on 'close'
    req.on('close', () => {
      if (!req.complete) aborted.push({ url: req.url ?? '', bytes });
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      full.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at: Date.now() });
      const status = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
      let ids: unknown[] = [];
      try {
        ids = (JSON.parse(body) as { events: { id: unknown }[] }).events.map((e) => e.id);
      } catch {
        // not an event batch (a GET): no ids
      }
      const reply = JSON.stringify({ stored: ids });
      res.writeHead(status, { 'content-type': 'application/json', 'x-served-by': 'test-server' });
      res.end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    full,
    aborted,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(
  options: Partial<FaultProxyOptions> = {},
  serverPort?: number,
): Promise<{ server: TestServer; proxy: FaultProxy }> {
  const server = await startServer(serverPort);
  cleanups.push(() => server.close());
  const proxy = await startFaultProxy({ target: server.url, seed: 1, rates: {}, ...options });
  cleanups.push(() => proxy.close());
  return { server, proxy };
}

function batch(...ids: string[]): string {
  return JSON.stringify({ sentAt: '2025-01-01T10:00:00Z', events: ids.map((id) => ({ id, status: 'served' })) });
}

function post(proxy: FaultProxy, body: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${proxy.url}/v1/events`, {
    method: 'POST',
    headers: { authorization: 'Bearer device-token', 'content-type': 'application/json' },
    body,
    ...init,
  });
}

/** Polls until the check passes; for effects that land on the server after the client is done. */
async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('fault proxy', () => {
  it('passes a request through untouched: body, headers, status and reply', async () => {
    const { server, proxy } = await setup();
    const body = batch('a', 'b');
    const res = await fetch(`${proxy.url}/v1/events?status=207`, {
      method: 'POST',
      headers: { authorization: 'Bearer device-token', 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(207);
    expect(res.headers.get('x-served-by')).toBe('test-server');
    expect(await res.json()).toEqual({ stored: ['a', 'b'] });
    expect(server.full).toHaveLength(1);
    const got = server.full[0]!;
    expect(got.body).toBe(body);
    expect(got.url).toBe('/v1/events?status=207');
    expect(got.headers.authorization).toBe('Bearer device-token');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(proxy.counts.pass).toBe(1);
  });

  it('drop_request: the client gets a network error and the server nothing', async () => {
    const { server, proxy } = await setup({ rates: { drop_request: 1 } });
    await expect(post(proxy, batch('a'))).rejects.toThrow(TypeError);
    await proxy.settle();
    await sleep(50);
    expect(server.full).toHaveLength(0);
    expect(server.aborted).toHaveLength(0);
    expect(proxy.counts.drop_request).toBe(1);
  });

  it('drop_response: the server stores the request, the client gets a network error', async () => {
    const { server, proxy } = await setup({ rates: { drop_response: 1 } });
    await expect(post(proxy, batch('a'))).rejects.toThrow(TypeError);
    expect(server.full.map((r) => r.body)).toEqual([batch('a')]);
    expect(proxy.counts.drop_response).toBe(1);
  });

  it('duplicate: the server gets the same request twice, the client one normal reply', async () => {
    const { server, proxy } = await setup({ rates: { duplicate: 1 } });
    const res = await post(proxy, batch('a'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: ['a'] });
    expect(server.full.map((r) => r.body)).toEqual([batch('a'), batch('a')]);
    expect(server.full[1]!.headers.authorization).toBe('Bearer device-token');
  });

  it('replay_later: answers normally, then re-sends an identical copy behind later requests', async () => {
    const { server, proxy } = await setup({ rates: { replay_later: 1 }, replayDelayMs: [300, 350] });
    const started = Date.now();
    const first = await post(proxy, batch('a'));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: ['a'] });
    proxy.setRates({});
    const second = await post(proxy, batch('b'));
    expect(second.status).toBe(200);
    expect(server.full.map((r) => r.body)).toEqual([batch('a'), batch('b')]);
    await proxy.settle();
    expect(server.full.map((r) => r.body)).toEqual([batch('a'), batch('b'), batch('a')]);
    expect(server.full[2]!.headers.authorization).toBe('Bearer device-token');
    expect(server.full[2]!.at - started).toBeGreaterThanOrEqual(300);
    expect(proxy.counts).toMatchObject({ replay_later: 1, pass: 1 });
  });

  it('delay: the client times out, the server still stores the request later', async () => {
    const { server, proxy } = await setup({ rates: { delay: 1 }, delayMs: 300 });
    const started = Date.now();
    await expect(post(proxy, batch('a'), { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(server.full).toHaveLength(0);
    await proxy.settle();
    expect(server.full.map((r) => r.body)).toEqual([batch('a')]);
    expect(server.full[0]!.at - started).toBeGreaterThanOrEqual(290);
  });

  it('delay: a patient client gets the real reply', async () => {
    const { server, proxy } = await setup({ rates: { delay: 1 }, delayMs: 50 });
    const res = await post(proxy, batch('a'));
    expect(await res.json()).toEqual({ stored: ['a'] });
    expect(server.full).toHaveLength(1);
  });

  it('status_500 and status_503: injected errors, nothing forwarded', async () => {
    const { server, proxy } = await setup({ rates: { status_500: 1 } });
    const r500 = await post(proxy, batch('a'));
    expect(r500.status).toBe(500);
    expect(await r500.json()).toEqual({ error: { code: 'INTERNAL', message: 'injected' } });

    proxy.setRates({ status_503: 1 });
    const r503 = await post(proxy, batch('a'));
    expect(r503.status).toBe(503);
    expect(r503.headers.get('retry-after')).toBe('0');
    expect(r503.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await r503.json()).toEqual({ error: { code: 'UNAVAILABLE', message: 'injected' } });

    await proxy.settle();
    expect(server.full).toHaveLength(0);
    expect(proxy.counts).toMatchObject({ status_500: 1, status_503: 1 });
  });

  it('error_after_commit: the server stores the request, the client gets 500', async () => {
    const { server, proxy } = await setup({ rates: { error_after_commit: 1 } });
    const res = await post(proxy, batch('a'));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'INTERNAL', message: 'injected' } });
    expect(server.full.map((r) => r.body)).toEqual([batch('a')]);
  });

  it('cut_body: the server sees an aborted request with part of the body, the client a reset', async () => {
    const { server, proxy } = await setup({ rates: { cut_body: 1 } });
    const body = batch('a', 'b', 'c');
    await expect(post(proxy, body)).rejects.toThrow(TypeError);
    await until(() => server.aborted.length === 1);
    expect(server.full).toHaveLength(0);
    expect(server.aborted[0]!.bytes).toBeGreaterThan(0);
    expect(server.aborted[0]!.bytes).toBeLessThan(Buffer.byteLength(body));
    expect(proxy.counts.cut_body).toBe(1);
  });

  it('cut_body: a request without a body is aborted too (a promised byte never comes)', async () => {
    const { server, proxy } = await setup({ rates: { cut_body: 1 } });
    await expect(fetch(`${proxy.url}/v1/health`)).rejects.toThrow(TypeError);
    await until(() => server.aborted.length === 1);
    expect(server.aborted[0]).toEqual({ url: '/v1/health', bytes: 0 });
    expect(server.full).toHaveLength(0);
  });

  it('applies faults only to paths matching onlyPaths', async () => {
    const { server, proxy } = await setup({ rates: { status_503: 1 }, onlyPaths: /^\/v1\/events$/ });
    const health = await fetch(`${proxy.url}/v1/health`);
    expect(health.status).toBe(200);
    const events = await post(proxy, batch('a'));
    expect(events.status).toBe(503);
    expect(server.full.map((r) => r.url)).toEqual(['/v1/health']);
    // Untouched requests are not subject to faults, so they are not in the counts or history.
    expect(proxy.counts.pass).toBe(0);
    expect(proxy.history).toEqual([{ method: 'POST', path: '/v1/events', outcome: 'status_503' }]);
  });

  it('survives a server restart: refused while down, forwards again once it is back', async () => {
    const { server, proxy } = await setup();
    expect((await post(proxy, batch('a'))).status).toBe(200);
    const port = server.port;
    await server.close();
    await expect(post(proxy, batch('b'))).rejects.toThrow(TypeError);
    expect(proxy.counts.target_down).toBe(1);

    const restarted = await startServer(port);
    cleanups.push(() => restarted.close());
    expect((await post(proxy, batch('c'))).status).toBe(200);
    expect(restarted.full.map((r) => r.body)).toEqual([batch('c')]);
  });

  it('answers 502 for an unreachable target when asked to, and follows setTarget', async () => {
    const { server, proxy } = await setup({ whenTargetDown: 'bad_gateway' });
    const down = await startServer();
    await down.close(); // a port that was just free: nothing listens there now
    proxy.setTarget(down.url);
    const res = await post(proxy, batch('a'));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_GATEWAY' } });

    proxy.setTarget(server.url);
    expect((await post(proxy, batch('b'))).status).toBe(200);
    expect(server.full.map((r) => r.body)).toEqual([batch('b')]);
  });

  it('picks faults deterministically from the seed', async () => {
    const rates = { status_500: 0.25, status_503: 0.15, drop_request: 0.2 };
    const a = pickFaults(42, rates, 500);
    expect(pickFaults(42, rates, 500)).toEqual(a);
    expect(pickFaults(43, rates, 500)).not.toEqual(a);
    // Roughly the asked proportions (a loose bound: this checks wiring, not the PRNG's quality).
    const share = (k: FaultOutcome) => a.filter((x) => x === k).length / a.length;
    expect(share('status_500')).toBeGreaterThan(0.15);
    expect(share('status_500')).toBeLessThan(0.35);
    expect(share('pass')).toBeGreaterThan(0.3);
    expect(share('pass')).toBeLessThan(0.5);

    // The proxy applies exactly that sequence to sequential requests, as the client sees it.
    const n = 40;
    const { server, proxy } = await setup({ seed: 42, rates });
    const seen: FaultOutcome[] = [];
    for (let i = 0; i < n; i++) {
      try {
        const res = await post(proxy, batch(`e${i}`));
        seen.push(res.status === 500 ? 'status_500' : res.status === 503 ? 'status_503' : 'pass');
      } catch {
        seen.push('drop_request');
      }
    }
    const expected = a.slice(0, n);
    expect(seen).toEqual(expected);
    expect(proxy.history.map((h) => h.outcome)).toEqual(expected);
    expect(proxy.counts.pass).toBe(expected.filter((x) => x === 'pass').length);
    expect(server.full).toHaveLength(expected.filter((x) => x === 'pass').length);
  });

  it('rejects rates that are negative or sum to more than 1', async () => {
    expect(() => pickFaults(1, { status_500: 0.7, status_503: 0.4 }, 1)).toThrow(RangeError);
    expect(() => pickFaults(1, { delay: -0.1 }, 1)).toThrow(RangeError);
    await expect(startFaultProxy({ target: 'http://127.0.0.1:1', seed: 1, rates: { cut_body: 2 } })).rejects.toThrow(
      RangeError,
    );
    expect(FAULT_KINDS).toHaveLength(9);
  });

  it('close() is prompt: pending delays and replays are dropped', async () => {
    const { server, proxy } = await setup({ rates: { replay_later: 1 }, replayDelayMs: [300, 300], delayMs: 5000 });
    expect((await post(proxy, batch('a'))).status).toBe(200);
    proxy.setRates({ delay: 1 });
    const held = post(proxy, batch('b'));
    const heldOutcome = held.then(
      () => 'answered',
      () => 'failed',
    );
    await until(() => proxy.counts.delay === 1);

    const started = Date.now();
    await proxy.close();
    expect(Date.now() - started).toBeLessThan(500);
    expect(await heldOutcome).toBe('failed');
    await proxy.settle();
    await sleep(400);
    expect(server.full.map((r) => r.body)).toEqual([batch('a')]);
  });
});
