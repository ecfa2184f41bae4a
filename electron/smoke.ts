import type { WindowRole } from '../shared/roles';

/**
 * `--smoke`: the installed app's self-test for CI and for IT after a rollout. It opens the
 * window as usual, waits until the page has loaded from app://, makes one request through
 * the real backend process (app.status, over its own MessagePort, as a window does) and
 * exits 0; anything else (a load failure, an error reply, no answer in time) exits 1.
 */
export interface SmokePort {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export interface SmokeDeps {
  /** Resolves when the first window finished loading; rejects when it failed to. */
  pageLoaded: Promise<void>;
  /** A port to the backend, connected with `role` (the watchdog hands it over). */
  connect(role: WindowRole): SmokePort;
  exit(code: number): void;
  log(entry: object): void;
  timeoutMs?: number;
  schedule?(fn: () => void, ms: number): unknown;
}

export const SMOKE_TIMEOUT_MS = 60_000;

export function runSmoke(deps: SmokeDeps): Promise<number> {
  const schedule = deps.schedule ?? ((fn, ms) => setTimeout(fn, ms).unref());
  return new Promise<number>((resolve) => {
    let done = false;
    const finish = (code: number, entry: object) => {
      if (done) return;
      done = true;
      deps.log({ level: code === 0 ? 'info' : 'error', msg: 'smoke', ...entry });
      deps.exit(code);
      resolve(code);
    };
    schedule(() => finish(1, { reason: 'timeout' }), deps.timeoutMs ?? SMOKE_TIMEOUT_MS);
    deps.pageLoaded.then(
      () => {
        const port = deps.connect('display');
        port.on('message', ({ data }) => {
          const reply = data as { id?: unknown; ok?: unknown; result?: unknown; error?: unknown };
          if (reply?.id !== 1) return;
          port.close();
          if (reply.ok === true) finish(0, { result: reply.result });
          else finish(1, { reason: 'backend refused', error: reply.error });
        });
        port.start();
        port.postMessage({ id: 1, channel: 'app.status', input: {} });
      },
      (err: unknown) => finish(1, { reason: 'page did not load', error: String(err) }),
    );
  });
}
