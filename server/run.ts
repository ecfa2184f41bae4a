import type { FastifyInstance } from 'fastify';
import { buildServer, type BuildServerOptions } from './app';
import { openServerStore } from './store/open';
import type { ServerStore } from './store/types';

export interface StartServerOptions extends Omit<BuildServerOptions, 'store'> {
  /** Use this store (the caller closes it); otherwise one is opened from dataDir / databaseUrl and closed with the server. */
  store?: ServerStore;
  dataDir?: string;
  databaseUrl?: string;
  /** 0 (default) picks a free port; a fixed port can be reused after close (restart tests). */
  port?: number;
  host?: string;
}

export interface RunningServer {
  app: FastifyInstance;
  store: ServerStore;
  /** e.g. http://127.0.0.1:8787 (no trailing slash; the API is under /v1). */
  url: string;
  port: number;
  /** Stops listening (in-flight requests finish), then closes the store if this server opened it. */
  close(): Promise<void>;
}

/** Opens the store (unless given), builds the app and listens: what server/main.ts and tests run. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { store: given, dataDir, databaseUrl, port = 0, host = '127.0.0.1', ...build } = options;
  if (!given && !dataDir && !databaseUrl && !process.env.DATABASE_URL)
    throw new Error('startServer needs a store, a dataDir or a databaseUrl');
  const store = given ?? (await openServerStore({ dataDir: dataDir ?? '', databaseUrl }));
  const app = buildServer({ ...build, store });
  try {
    await app.listen({ port, host });
  } catch (err) {
    await app.close().catch(() => undefined);
    if (!given) await store.close();
    throw err;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed = false;
  return {
    app,
    store,
    url: `${build.tls ? 'https' : 'http'}://${urlHost}:${actualPort}`,
    port: actualPort,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      if (!given) await store.close();
    },
  };
}
