import type { WindowRole } from '../shared/roles';

/**
 * Keeps one backend process (the utilityProcess that owns the store) alive and
 * connected to every window. Written against small interfaces so it runs under test
 * without Electron; electron/main.ts supplies utilityProcess.fork and MessageChannelMain.
 */

export interface TransferablePort {
  start?(): void;
  close(): void;
}

export interface BackendProcess {
  on(event: 'exit', listener: (code: number) => void): unknown;
  postMessage(message: unknown, transfer?: TransferablePort[]): void;
  kill(): boolean;
}

export interface RendererTarget {
  readonly id: number;
  isDestroyed(): boolean;
  postMessage(channel: string, message: unknown, transfer?: TransferablePort[]): void;
  send(channel: string, ...args: unknown[]): void;
}

export interface SupervisorDeps {
  spawn(): BackendProcess;
  createChannel(): { port1: TransferablePort; port2: TransferablePort };
  schedule?(fn: () => void, ms: number): unknown;
  now?(): number;
  log?(entry: { level: 'info' | 'error'; msg: string; code?: number }): void;
}

export type BackendState = 'ready' | 'restarting' | 'down';

/** Restart delays; after MAX_CRASHES within CRASH_WINDOW_MS the backend is left down. */
export const RESTART_DELAYS_MS = [200, 1000, 3000, 10_000];
export const MAX_CRASHES = 5;
export const CRASH_WINDOW_MS = 60_000;
export const SHUTDOWN_TIMEOUT_MS = 3000;

export function createBackendWatchdog(deps: SupervisorDeps) {
  const schedule = deps.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => {});
  const targets = new Map<number, RendererTarget>();
  const roles = new Map<number, WindowRole>();
  let child: BackendProcess | null = null;
  let stopping = false;
  let state: BackendState = 'down';
  let crashes: number[] = [];

  function connect(target: RendererTarget): void {
    if (!child || target.isDestroyed()) return;
    const { port1, port2 } = deps.createChannel();
    child.postMessage({ type: 'connect', role: roles.get(target.id) ?? 'display' }, [port1]);
    target.postMessage('lucka:port', null, [port2]);
  }

  function broadcast(next: BackendState): void {
    state = next;
    for (const target of targets.values()) if (!target.isDestroyed()) target.send('lucka:backend', next);
  }

  function spawn(): void {
    const proc = deps.spawn();
    child = proc;
    proc.on('exit', (code) => {
      if (child !== proc) return;
      child = null;
      if (stopping) return;
      const t = now();
      crashes = [...crashes.filter((c) => t - c < CRASH_WINDOW_MS), t];
      log({ level: 'error', msg: 'backend exited unexpectedly', code });
      if (crashes.length >= MAX_CRASHES) {
        broadcast('down');
        return;
      }
      broadcast('restarting');
      const delay = RESTART_DELAYS_MS[Math.min(crashes.length - 1, RESTART_DELAYS_MS.length - 1)]!;
      schedule(() => {
        if (stopping) return;
        spawn();
        for (const target of targets.values()) connect(target);
      }, delay);
    });
    state = 'ready';
  }

  return {
    start(): void {
      stopping = false;
      spawn();
    },
    /** A window asked for its port (on load, and again after a reload); `role` limits what it may ask. */
    attach(target: RendererTarget, role: WindowRole): void {
      for (const [id, t] of targets) {
        if (!t.isDestroyed()) continue;
        targets.delete(id);
        roles.delete(id);
      }
      targets.set(target.id, target);
      roles.set(target.id, role);
      if (state === 'down') target.send('lucka:backend', 'down');
      else connect(target);
    },
    /** A port of main's own to the backend (the smoke test), limited to `role`; false while it is down. */
    connectPort(port: TransferablePort, role: WindowRole): boolean {
      if (!child) return false;
      child.postMessage({ type: 'connect', role }, [port]);
      return true;
    },
    detach(targetId: number): void {
      targets.delete(targetId);
      roles.delete(targetId);
    },
    /**
     * Asks the backend to close the store and exit; kills it if it has not gone within
     * SHUTDOWN_TIMEOUT_MS. Resolves when it is gone, so main can quit after a clean close.
     */
    stop(): Promise<void> {
      stopping = true;
      const proc = child;
      child = null;
      if (!proc) return Promise.resolve();
      return new Promise<void>((resolve) => {
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          resolve();
        };
        proc.on('exit', finish);
        proc.postMessage({ type: 'shutdown' });
        schedule(() => {
          if (!done) proc.kill();
          finish();
        }, SHUTDOWN_TIMEOUT_MS);
      });
    },
    get state(): BackendState {
      return state;
    },
  };
}

export type BackendWatchdog = ReturnType<typeof createBackendWatchdog>;
