import http from 'node:http';
import { mulberry32 } from './prng';
import type { AddressInfo } from 'node:net';

/**
 * A fault-injecting HTTP proxy for tests, placed between the uploader and the statistics
 * service. It models what an unreliable network and an unreliable server do to a request,
 * so the uploader's retry and idempotency logic can be exercised against the real service.
 *
 * Each request whose path matches `onlyPaths` draws exactly one number from a seeded PRNG
 * and gets at most one fault; the sequence of outcomes for sequential requests with fixed
 * rates is therefore `pickFaults(seed, rates, n)`.
 */

export const FAULT_KINDS = [
  'drop_request',
  'drop_response',
  'duplicate',
  'replay_later',
  'delay',
  'status_500',
  'status_503',
  'error_after_commit',
  'cut_body',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultOutcome = FaultKind | 'pass';
export type FaultRates = Partial<Record<FaultKind, number>>;

export interface FaultProxyOptions {
  /** Where requests go, e.g. 'http://127.0.0.1:8787'. Only plain http (tests run on loopback). */
  target: string;
  /** Seeds the PRNG that picks faults (and, separately, replay delays). */
  seed: number;
  /** Probability per request of each fault; they must sum to at most 1; the rest pass through. */
  rates: FaultRates;
  /** 'delay': how long to hold a request before forwarding it. Default 2000 ms. */
  delayMs?: number;
  /** 'replay_later': the copy is re-sent after a delay drawn in [min, max] ms. Default [100, 500]. */
  replayDelayMs?: [number, number];
  /** Faults apply only to requests whose path (without the query) matches; others pass untouched. */
  onlyPaths?: RegExp;
  /**
   * What the client sees when the target does not answer (refused, reset): 'reset' destroys
   * the client's socket like a refused connection would; 'bad_gateway' answers 502. Default 'reset'.
   */
  whenTargetDown?: 'reset' | 'bad_gateway';
}

export interface FaultRecord {
  method: string;
  path: string;
  outcome: FaultOutcome;
}

export interface FaultProxy {
  /** 'http://127.0.0.1:<port>' */
  readonly url: string;
  readonly port: number;
  /** Applied outcomes of requests subject to faults, plus how often the target could not be reached. */
  readonly counts: Record<FaultOutcome | 'target_down', number>;
  /** Every request subject to faults, in the order the outcome was decided. */
  readonly history: readonly FaultRecord[];
  /** Point the proxy elsewhere (e.g. a restarted server on another port); applies to later forwards. */
  setTarget(url: string): void;
  /** Change the rates; the PRNG stream continues where it was. */
  setRates(rates: FaultRates): void;
  /** Resolves when nothing is pending: no request being handled, no delay or replay waiting. */
  settle(): Promise<void>;
  /** Stops listening, cancels pending delays and replays, and destroys every socket. */
  close(): Promise<void>;
}

function checkRates(rates: FaultRates): void {
  let sum = 0;
  for (const [kind, rate] of Object.entries(rates)) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new RangeError(`unknown fault kind ${kind}`);
    if (rate === undefined) continue;
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`rate of ${kind} must be in [0, 1], got ${rate}`);
    sum += rate;
  }
  // A small tolerance so rates like 0.1 * 10 are accepted despite float rounding.
  if (sum > 1 + 1e-9) throw new RangeError(`fault rates sum to ${sum}, more than 1`);
}

/** Maps one uniform draw to an outcome; kinds are taken in FAULT_KINDS order so results are stable. */
function chooseFault(r: number, rates: FaultRates): FaultOutcome {
  let acc = 0;
  for (const kind of FAULT_KINDS) {
    acc += rates[kind] ?? 0;
    if (r < acc) return kind;
  }
  return 'pass';
}

/** The outcomes the proxy applies to n sequential requests (subject to faults) with fixed rates. */
export function pickFaults(seed: number, rates: FaultRates, n: number): FaultOutcome[] {
  checkRates(rates);
  const rng = mulberry32(seed);
  return Array.from({ length: n }, () => chooseFault(rng(), rates));
}

// Connection-level headers describe one hop and must not be copied to the next one.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

function endToEndHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

interface Outgoing {
  method: string;
  path: string;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function parseTarget(url: string): { hostname: string; port: number; host: string } {
  const u = new URL(url);
  if (u.protocol !== 'http:') throw new Error(`fault proxy target must be http://, got ${url}`);
  return { hostname: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 80), host: u.host };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('client aborted the request'));
    });
  });
}

/** Like a refused or broken connection: an RST where the platform allows it. */
function resetClient(req: http.IncomingMessage): void {
  const socket = req.socket;
  if (socket.destroyed) return;
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}

function injectedError(res: http.ServerResponse, status: 500 | 503): void {
  const code = status === 500 ? 'INTERNAL' : 'UNAVAILABLE';
  const body = JSON.stringify({ error: { code, message: 'injected' } });
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  };
  // Retry-After: 0 so the uploader's backoff is exercised without slowing the test down.
  if (status === 503) headers['retry-after'] = '0';
  res.writeHead(status, headers);
  res.end(body);
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  checkRates(options.rates);
  let target = parseTarget(options.target);
  let rates: FaultRates = { ...options.rates };
  const delayMs = options.delayMs ?? 2000;
  const [replayMin, replayMax] = options.replayDelayMs ?? [100, 500];
  if (!(replayMin >= 0 && replayMax >= replayMin))
    throw new RangeError('replayDelayMs must be [min, max], 0 <= min <= max');
  const whenTargetDown = options.whenTargetDown ?? 'reset';
  const faultRng = mulberry32(options.seed);
  // A separate stream for replay delays, so that the fault sequence depends only on how
  // many requests came, not on which of them were replays.
  const delayRng = mulberry32(options.seed ^ 0x9e3779b9);

  const counts = Object.fromEntries([...FAULT_KINDS, 'pass', 'target_down'].map((k) => [k, 0])) as Record<
    FaultOutcome | 'target_down',
    number
  >;
  const history: FaultRecord[] = [];
  let closed = false;
  const pending = new Set<Promise<unknown>>();
  const timers = new Map<NodeJS.Timeout, (fired: boolean) => void>();
  const upstreamRequests = new Set<http.ClientRequest>();

  function track<T>(p: Promise<T>): Promise<T> {
    pending.add(p);
    const forget = () => pending.delete(p);
    p.then(forget, forget);
    return p;
  }

  /** Resolves true when the time has passed, false when close() cancelled it. */
  function sleep(ms: number): Promise<boolean> {
    if (closed) return Promise.resolve(false);
    return track(
      new Promise<boolean>((resolve) => {
        const handle = setTimeout(() => {
          timers.delete(handle);
          resolve(true);
        }, ms);
        timers.set(handle, resolve);
      }),
    );
  }

  function openUpstream(out: Outgoing, contentLength: number): http.ClientRequest {
    const up = http.request({
      host: target.hostname,
      port: target.port,
      method: out.method,
      path: out.path,
      headers: { ...out.headers, host: target.host, 'content-length': contentLength },
      // A fresh connection per request: a pooled keep-alive socket to a server that has
      // since restarted would fail with a reset that no fault asked for.
      agent: false,
    });
    upstreamRequests.add(up);
    up.on('close', () => upstreamRequests.delete(up));
    return up;
  }

  /** Sends the whole request and reads the whole reply; null when the target cannot be reached. */
  function forward(out: Outgoing): Promise<Reply | null> {
    if (closed) return Promise.resolve(null);
    return track(
      new Promise<Reply | null>((resolve) => {
        const fail = () => {
          if (!closed) counts.target_down++;
          resolve(null);
        };
        const up = openUpstream(out, out.body.length);
        up.on('response', (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(chunks) }));
          r.on('error', fail);
          r.on('close', () => {
            if (!r.complete) fail();
          });
        });
        up.on('error', fail);
        up.end(out.body);
      }),
    );
  }

  /**
   * Sends the headers (with the full Content-Length) and only the first half of the body,
   * then destroys the connection, so the server sees a request aborted mid-body.
   */
  function forwardCut(out: Outgoing): Promise<void> {
    if (closed) return Promise.resolve();
    return track(
      new Promise<void>((resolve) => {
        // An empty body cannot be cut; claim one byte that never comes, which aborts the same way.
        const declared = Math.max(out.body.length, 1);
        const part = out.body.subarray(0, Math.floor(out.body.length / 2));
        const up = openUpstream(out, declared);
        up.on('error', () => resolve());
        up.on('close', () => resolve());
        // The server might answer early (e.g. 401 before reading the body): read and ignore it.
        up.on('response', (r) => r.resume());
        up.on('socket', (socket) => {
          // Wait for the connection so the bytes are really on the wire before the cut;
          // once the write callback runs they sit in the kernel and precede the FIN.
          const cut = () => up.write(part, () => up.destroy());
          if (socket.connecting) socket.once('connect', cut);
          else cut();
        });
        up.flushHeaders();
      }),
    );
  }

  function answer(req: http.IncomingMessage, res: http.ServerResponse, reply: Reply | null): void {
    // The client may have given up meanwhile (the 'delay' fault is meant for exactly that).
    if (res.destroyed || req.socket.destroyed) return;
    if (reply === null) {
      if (whenTargetDown === 'reset' || closed) return resetClient(req);
      const body = JSON.stringify({ error: { code: 'BAD_GATEWAY', message: 'fault proxy: target unreachable' } });
      res.writeHead(502, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    res.writeHead(reply.status, { ...endToEndHeaders(reply.headers), 'content-length': reply.body.length });
    res.end(reply.body);
  }

  function decide(method: string, path: string): FaultOutcome | null {
    const pathname = path.split('?')[0] ?? path;
    if (options.onlyPaths) {
      // A /g or /y RegExp keeps state between test() calls; start from 0 every time.
      options.onlyPaths.lastIndex = 0;
      if (!options.onlyPaths.test(pathname)) return null;
    }
    const outcome = chooseFault(faultRng(), rates);
    counts[outcome]++;
    history.push({ method, path, outcome });
    return outcome;
  }

  async function replayLater(out: Outgoing): Promise<void> {
    const wait = replayMin + delayRng() * (replayMax - replayMin);
    // The replay's reply goes nowhere: nobody is waiting for it.
    if (await sleep(wait)) await forward(out);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      return; // the client went away before sending everything; nothing to decide
    }
    if (closed) return resetClient(req);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const out: Outgoing = { method, path, headers: endToEndHeaders(req.headers), body };
    const outcome = decide(method, path) ?? 'pass';

    switch (outcome) {
      case 'pass':
        return answer(req, res, await forward(out));
      case 'drop_request':
        return resetClient(req);
      case 'drop_response':
        // The server has read the whole request and answered (committed) before the client loses it.
        await forward(out);
        return resetClient(req);
      case 'duplicate': {
        // Both copies at once: the server's idempotency must hold under a race, not just in sequence.
        // The client always gets the first copy's reply (when it got one), to stay deterministic.
        const [first, second] = await Promise.all([forward(out), forward(out)]);
        return answer(req, res, first ?? second);
      }
      case 'replay_later':
        void replayLater(out);
        return answer(req, res, await forward(out));
      case 'delay':
        if (!(await sleep(delayMs))) return resetClient(req);
        return answer(req, res, await forward(out));
      case 'status_500':
        return injectedError(res, 500);
      case 'status_503':
        return injectedError(res, 503);
      case 'error_after_commit': {
        const reply = await forward(out);
        // If the target was down there was no commit; report that honestly instead.
        if (reply === null) return answer(req, res, null);
        if (!res.destroyed && !req.socket.destroyed) injectedError(res, 500);
        return;
      }
      case 'cut_body':
        await forwardCut(out);
        return resetClient(req);
    }
  }

  const server = http.createServer((req, res) => {
    void track(
      handle(req, res).catch(() => {
        // A bug in the proxy must not pass for a fault silently; still, never hang the client.
        resetClient(req);
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts,
    history,
    setTarget(url: string) {
      target = parseTarget(url);
    },
    setRates(next: FaultRates) {
      checkRates(next);
      rates = { ...next };
    },
    async settle() {
      // New work can start while waiting (a replay after its delay): loop until quiet.
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close() {
      if (closing) return closing;
      closed = true;
      for (const [handle, resolve] of timers) {
        clearTimeout(handle);
        resolve(false);
      }
      timers.clear();
      for (const up of upstreamRequests) up.destroy();
      closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closing;
    },
  };
}
