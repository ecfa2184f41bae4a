import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { MAX_CRASHES, RESTART_DELAYS_MS, createBackendWatchdog } from '../../../electron/backendWatchdog';

function harness() {
  const procs: (EventEmitter & { postMessage: ReturnType<typeof vi.fn>; kill: ReturnType<typeof vi.fn> })[] = [];
  const scheduled: { fn: () => void; ms: number }[] = [];
  let channels = 0;
  let clock = 0;
  const sup = createBackendWatchdog({
    spawn: () => {
      const p = Object.assign(new EventEmitter(), { postMessage: vi.fn(), kill: vi.fn(() => true) });
      procs.push(p);
      return p;
    },
    createChannel: () => {
      channels++;
      return { port1: { close: vi.fn(), n: channels }, port2: { close: vi.fn(), n: channels } };
    },
    schedule: (fn, ms) => scheduled.push({ fn, ms }),
    now: () => clock,
  });
  const window = {
    id: 1,
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
    postMessage: vi.fn(),
    send: vi.fn(),
  };
  return { sup, procs, scheduled, window, tick: (ms: number) => (clock += ms) };
}

describe('backend watchdog', () => {
  it('restarts a crashed backend, tells the windows, and gives them new ports', () => {
    const h = harness();
    h.sup.start();
    h.sup.attach(h.window, 'counter');
    expect(h.window.postMessage).toHaveBeenCalledTimes(1);

    h.procs[0]!.emit('exit', 139);
    expect(h.window.send).toHaveBeenCalledWith('lucka:backend', 'restarting');
    expect(h.sup.state).toBe('restarting');
    expect(h.scheduled[0]!.ms).toBe(RESTART_DELAYS_MS[0]);

    h.scheduled[0]!.fn();
    expect(h.procs).toHaveLength(2);
    expect(h.procs[1]!.postMessage).toHaveBeenCalledWith({ type: 'connect', role: 'counter' }, [
      expect.objectContaining({ n: 2 }),
    ]);
    expect(h.window.postMessage).toHaveBeenLastCalledWith('lucka:port', null, [expect.objectContaining({ n: 2 })]);
    expect(h.sup.state).toBe('ready');
  });

  it('backs off, and gives up (state down) after repeated crashes in a minute', () => {
    const h = harness();
    h.sup.start();
    h.sup.attach(h.window, 'counter');
    for (let i = 0; i < MAX_CRASHES - 1; i++) {
      h.procs.at(-1)!.emit('exit', 1);
      h.scheduled.at(-1)!.fn();
      h.tick(1000);
    }
    expect(h.scheduled.map((s) => s.ms)).toEqual([200, 1000, 3000, 10_000]);
    h.procs.at(-1)!.emit('exit', 1);
    expect(h.window.send).toHaveBeenLastCalledWith('lucka:backend', 'down');
    expect(h.sup.state).toBe('down');
    expect(h.scheduled).toHaveLength(MAX_CRASHES - 1);
  });

  it('stops cleanly: asks the backend to shut down, does not restart it, skips closed windows', async () => {
    const h = harness();
    h.sup.start();
    h.window.destroyed = true;
    h.sup.attach(h.window, 'counter');
    expect(h.window.postMessage).not.toHaveBeenCalled();
    const stopped = h.sup.stop();
    expect(h.procs[0]!.postMessage).toHaveBeenLastCalledWith({ type: 'shutdown' });
    h.procs[0]!.emit('exit', 0); // the backend closed its store and left
    await stopped;
    expect(h.procs[0]!.kill).not.toHaveBeenCalled();
    expect(h.procs).toHaveLength(1);
    expect(h.window.send).not.toHaveBeenCalled();
  });

  it('kills a backend that does not shut down in time', async () => {
    const h = harness();
    h.sup.start();
    const stopped = h.sup.stop();
    h.scheduled.at(-1)!.fn(); // the timeout fires, the backend never exited
    await stopped;
    expect(h.procs[0]!.kill).toHaveBeenCalled();
  });

  it('gives each window the role it was opened for, and tells late windows when the backend is down', () => {
    const h = harness();
    h.sup.start();
    h.sup.attach({ ...h.window, id: 7 }, 'kiosk');
    expect(h.procs[0]!.postMessage).toHaveBeenLastCalledWith({ type: 'connect', role: 'kiosk' }, expect.any(Array));
    for (let i = 0; i < MAX_CRASHES; i++) {
      const before = h.scheduled.length;
      h.procs.at(-1)!.emit('exit', 1);
      if (h.scheduled.length > before) h.scheduled.at(-1)!.fn();
    }
    expect(h.sup.state).toBe('down');
    const late = { ...h.window, id: 9, send: vi.fn(), postMessage: vi.fn() };
    h.sup.attach(late, 'counter');
    expect(late.send).toHaveBeenCalledWith('lucka:backend', 'down');
    expect(late.postMessage).not.toHaveBeenCalled();
  });
});
