import { connect, createServer, type Socket } from 'node:net';
import { mulberry32 } from './prng';

/**
 * A TCP proxy on 127.0.0.1 for one device's link to the office hub, which faults a seeded
 * share of the exchanges passing it. The link is TLS end to end, so the proxy sees turns,
 * not requests: each burst of bytes from the device after the hub has spoken starts a new
 * turn, and the first two turns of a connection are its TLS handshake (left alone). From
 * the third on, a turn is a request (or the event stream's opening), and draws one of:
 *
 * - `reset`: the device's bytes never reach the hub; the device's connection is reset (RST);
 * - `black_hole`: the bytes vanish and nothing ever comes back; the connection stays open;
 * - `delay`: the bytes reach the hub `delayMs` late;
 * - `half_open`: the hub gets the request and answers (it committed); the answer is swallowed
 *   and the device's side stays open without a FIN, as after a cable pulled mid-reply;
 * - `reset_reply`: the hub answers (committed); the device's connection is reset instead;
 * - `cut_mid_body`: the hub answers (committed); the device gets half the answer's first
 *   bytes and then the connection closes.
 *
 * New connections draw too: `refuse` (reset at once) or `black_hole_connect` (accepted,
 * never forwarded). Counts of each fault made are kept, so a test can check they happened.
 */

export const TURN_FAULTS = ['reset', 'black_hole', 'delay', 'half_open', 'reset_reply', 'cut_mid_body'] as const;
export const CONNECT_FAULTS = ['refuse', 'black_hole_connect'] as const;
export type LinkFault = (typeof TURN_FAULTS)[number] | (typeof CONNECT_FAULTS)[number];

export interface FaultLinkOptions {
  targetPort: number;
  seed: number;
  /** Probability per turn (from the third on) of each turn fault; the rest pass. */
  turnRates?: Partial<Record<(typeof TURN_FAULTS)[number], number>>;
  /** Probability per new connection of each connection fault. */
  connectRates?: Partial<Record<(typeof CONNECT_FAULTS)[number], number>>;
  delayMs?: number;
}

function draw<K extends string>(random: () => number, rates: Partial<Record<K, number>>): K | null {
  let r = random();
  for (const [kind, rate] of Object.entries(rates) as [K, number][]) {
    if (r < rate) return kind;
    r -= rate;
  }
  return null;
}

export async function startFaultLink(options: FaultLinkOptions) {
  const random = mulberry32(options.seed);
  const counts: Record<LinkFault, number> = {
    reset: 0,
    black_hole: 0,
    delay: 0,
    half_open: 0,
    reset_reply: 0,
    cut_mid_body: 0,
    refuse: 0,
    black_hole_connect: 0,
  };
  let enabled = true;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };

  const server = createServer((device) => {
    track(device);
    const onConnect = enabled ? draw(random, options.connectRates ?? {}) : null;
    if (onConnect) counts[onConnect]++;
    if (onConnect === 'refuse') return device.resetAndDestroy();
    if (onConnect === 'black_hole_connect') return; // accepted; nothing is ever forwarded
    const hub = connect({ host: '127.0.0.1', port: options.targetPort });
    track(hub);
    hub.on('close', () => device.destroy());
    device.on('close', () => hub.destroy());

    let turn = 0;
    let hubSpoke = true; // so the device's first bytes start turn 1
    /** What the current turn does with the hub's answer. */
    let onAnswer: 'pass' | 'half_open' | 'reset_reply' | 'cut_mid_body' | 'swallow' = 'pass';
    device.on('data', (chunk: Buffer) => {
      if (onAnswer === 'swallow') return; // a black hole or half-open stays one
      if (hubSpoke) {
        hubSpoke = false;
        turn++;
        onAnswer = 'pass';
        const fault = turn > 2 && enabled ? draw(random, options.turnRates ?? {}) : null;
        if (fault) counts[fault]++;
        if (fault === 'reset') return (device.resetAndDestroy(), hub.destroy());
        if (fault === 'black_hole') {
          onAnswer = 'swallow';
          return;
        }
        if (fault === 'delay') {
          device.pause();
          setTimeout(() => (hub.write(chunk), device.resume()), options.delayMs ?? 300);
          return;
        }
        if (fault) onAnswer = fault;
      }
      hub.write(chunk);
    });
    hub.on('data', (chunk: Buffer) => {
      hubSpoke = true;
      if (onAnswer === 'pass') return void device.write(chunk);
      if (onAnswer === 'swallow') return;
      if (onAnswer === 'half_open') {
        onAnswer = 'swallow';
        return;
      }
      if (onAnswer === 'reset_reply') return (device.resetAndDestroy(), hub.destroy());
      // cut_mid_body: part of the answer, then the connection ends.
      device.end(chunk.subarray(0, Math.max(1, chunk.length >> 1)));
      hub.destroy();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    counts,
    /** Faults on or off (off: a clean link, e.g. while pairing or checking afterwards). */
    faults(on: boolean) {
      enabled = on;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
