import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { syncFetch } from '../../../electron/backend/syncFetch';

let server: Server | null = null;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(): Promise<string> {
  server = createServer((req, res) => res.end(`hello ${req.url}`));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('syncFetch', () => {
  it('uses Electron\'s net.fetch in the utility process (docs/api/net.md: "Process: Main, Utility"), with URLs as strings', async () => {
    const base = await serve();
    // net.fetch "input string | GlobalRequest" (docs/api/net.md): no URL objects.
    const net = { fetch: vi.fn((input: string | Request, init?: RequestInit) => fetch(input, init)) };
    const load = vi.fn(async () => ({ net }));
    const f = syncFetch(load);
    expect(await (await f(new URL('/v1/health', base))).text()).toBe('hello /v1/health');
    expect(await (await f(`${base}/two`, { method: 'GET' })).text()).toBe('hello /two');
    expect(net.fetch.mock.calls.map((c) => c[0])).toEqual([`${base}/v1/health`, `${base}/two`]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("falls back to Node's fetch outside Electron, or where net.fetch is missing", async () => {
    const base = await serve();
    for (const load of [async () => ({}), async () => ({ net: {} }), () => Promise.reject(new Error('no electron'))]) {
      const f = syncFetch(load);
      expect(await (await f(`${base}/x`)).text()).toBe('hello /x');
    }
  });
});
