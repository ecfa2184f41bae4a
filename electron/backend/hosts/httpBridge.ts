import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { timingSafeEqual, randomBytes } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import type { Host } from '../host';

export interface HttpBridgeOptions {
  host: Host;
  /** The built renderer (build/renderer). */
  rendererDir: string;
  /** The browser-side bridge (build/preview/bridge.js) that defines window.lucka. */
  bridgeScript: string;
  port?: number;
  token?: string;
  /** Finished statistics exports by download key (StatsJobs.takeDownload), served once as downloads. */
  downloads?: (key: string) => { path: string; fileName: string; mimeType: string; done: () => void } | null;
}

export interface HttpBridge {
  /** Open this: the token rides in the fragment, which browsers never send to a server. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/** Stands for a request body that is not JSON: the host answers it BAD_REQUEST like any malformed envelope. */
const UNREADABLE = Symbol('unreadable body');

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The preview/test host: serves the built renderer and the handler table over HTTP on
 * 127.0.0.1 only. Requests need the per-run random token; Host and Origin are checked
 * so that neither another site in the browser nor DNS rebinding can reach the store.
 */
export async function startHttpBridge(options: HttpBridgeOptions): Promise<HttpBridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  // forceCloseConnections: close() also ends open event streams.
  const app = Fastify({
    logger: false,
    bodyLimit: 2_500_000, // a guide package import is the largest request (see LARGE_INPUT_BYTES)
    forceCloseConnections: true,
  });
  let origin = '';

  // Fastify's own JSON parser refuses a body with a "__proto__" key with its own 400, which
  // the renderer cannot tell from a broken host. Plain JSON.parse keeps such a key as an
  // ordinary property (no prototype is touched), so the host's schemas refuse it with the
  // app's typed reply and the request's id. Unreadable JSON is answered typed as well.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(null, UNREADABLE);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    const expectedHosts = [new URL(origin).host, `localhost:${new URL(origin).port}`];
    if (!expectedHosts.includes(request.headers.host ?? '')) return reply.code(421).send({ error: 'wrong host' });
    const requestOrigin = request.headers.origin;
    if (requestOrigin && requestOrigin !== origin && requestOrigin !== `http://localhost:${new URL(origin).port}`) {
      return reply.code(403).send({ error: 'cross-origin request refused' });
    }
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
    return undefined;
  });

  const indexHtml = readFileSync(join(options.rendererDir, 'index.html'), 'utf8').replace(
    /<script /,
    '<script src="./__lucka/bridge.js"></script>\n    <script ',
  );
  const bridgeJs = readFileSync(options.bridgeScript, 'utf8');
  const sendIndex = (_req: unknown, reply: { type(t: string): { send(b: string): unknown } }) =>
    reply.type('text/html; charset=utf-8').send(indexHtml);
  app.get('/', sendIndex);
  app.get('/index.html', sendIndex);
  app.get('/__lucka/bridge.js', (_req, reply) => reply.type('text/javascript; charset=utf-8').send(bridgeJs));
  await app.register(fastifyStatic, { root: options.rendererDir, index: false, wildcard: true });

  const authorised = (header: string | undefined) =>
    (header ?? '').startsWith('Bearer ') && sameToken((header ?? '').slice(7), token);

  // Live updates: a server-sent event stream of the host's events (what changed).
  app.get('/__lucka/events', (request, reply) => {
    if (!authorised(request.headers.authorization)) return reply.code(401).send({ error: 'missing or wrong token' });
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    reply.raw.write(': connected\n\n');
    const off = options.host.subscribe((event) => reply.raw.write(`data: ${JSON.stringify(event)}\n\n`));
    request.raw.on('close', off);
    return undefined;
  });

  // A finished statistics export, once, by its download key (random, single use: the
  // capability, since a download link cannot carry the token header). Streamed from disk.
  app.get<{ Params: { key: string } }>('/__lucka/download/:key', (request, reply) => {
    const file = options.downloads?.(request.params.key) ?? null;
    if (!file) return reply.code(404).send({ error: 'no such download' });
    const stream = createReadStream(file.path);
    stream.on('close', file.done);
    return reply
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .type(file.mimeType)
      .send(stream);
  });

  app.post('/__lucka/request', async (request, reply) => {
    if (!authorised(request.headers.authorization)) {
      return reply.code(401).send({ error: 'missing or wrong token' });
    }
    // The host validates everything else and always answers with a typed Reply.
    return options.host.handle(request.body === UNREADABLE ? null : request.body);
  });

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  return { url: `${origin}/#token=${token}`, origin, token, close: () => app.close() };
}
