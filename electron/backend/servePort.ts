import { apiError } from '../../shared/errors';

/** Electron's MessagePortMain as the backend uses it (docs/api/message-port-main.md). */
export interface PortMain {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
}

export interface RequestHandler {
  handle(envelope: unknown): Promise<unknown>;
}

/**
 * One window's port: each request answered once. The host answers every request itself
 * (a handler's throw becomes INTERNAL there), so a rejection here is a bug in the host or
 * the transport; it is logged and still answered, or the window would wait for its
 * 30-second timeout and then call the backend unavailable.
 */
export function servePort(port: PortMain, host: RequestHandler, log: (entry: object) => void): void {
  port.on('message', (m) => {
    const id = (m.data as { id?: unknown } | null)?.id;
    host.handle(m.data).then(
      (reply) => port.postMessage(reply),
      (err: unknown) => {
        log({ level: 'error', msg: 'request failed outside the host', error: (err as Error)?.stack ?? String(err) });
        if (typeof id === 'number') port.postMessage({ id, ok: false, error: apiError('INTERNAL') });
      },
    );
  });
  port.start();
}
