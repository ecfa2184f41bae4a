import { X509Certificate } from 'node:crypto';
import { Agent, request } from 'node:https';
import { connect } from 'node:tls';
import { HUB_CLIENT_IDLE_MS } from '../hub/wire';
import type { ApiError } from '../../../shared/errors';

/**
 * HTTPS to the office hub with its certificate pinned: the pinned certificate is the only
 * trust anchor, and its SHA-256 fingerprint must match exactly (host names are not
 * checked: the hub is reached by whatever address the office typed, often an IP).
 */

export interface ObservedCertificate {
  certPem: string;
  fingerprint: string;
}

/** Why a call to the hub did not get an HTTP answer. */
export class HubTransportError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'certificate',
    message: string,
  ) {
    super(message);
    this.name = 'HubTransportError';
  }
}

const CERTIFICATE_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HUB_CERTIFICATE_MISMATCH',
]);

function classify(err: NodeJS.ErrnoException): HubTransportError {
  if (err instanceof HubTransportError) return err;
  const kind = err.code && CERTIFICATE_ERRORS.has(err.code) ? 'certificate' : 'unreachable';
  return new HubTransportError(kind, `${err.code ?? 'error'}: ${err.message}`);
}

/** The certificate a TLS server at host:port presents, before any trust: what pairing binds its proof to. */
export function observeCertificate(host: string, port: number, timeoutMs = 5000): Promise<ObservedCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, rejectUnauthorized: false, servername: undefined });
    socket.setTimeout(timeoutMs, () => socket.destroy(new HubTransportError('unreachable', 'timed out')));
    socket.once('secureConnect', () => {
      const raw = socket.getPeerCertificate(false)?.raw;
      socket.end();
      if (!raw) return reject(new HubTransportError('certificate', 'no certificate'));
      const cert = new X509Certificate(raw);
      resolve({ certPem: cert.toString(), fingerprint: cert.fingerprint256 });
    });
    socket.once('error', (err) => reject(classify(err)));
  });
}

/**
 * An agent that trusts only the pinned certificate. Connections are kept alive between
 * calls, idle up to just under the hub's own limit (hub/wire.ts), so a call after a few
 * quiet minutes needs no new TLS handshake.
 */
export function pinnedAgent(pin: ObservedCertificate): Agent {
  return new Agent({
    keepAlive: true,
    timeout: HUB_CLIENT_IDLE_MS,
    ca: pin.certPem,
    checkServerIdentity: (_host, cert) => {
      if (cert.fingerprint256 === pin.fingerprint) return undefined;
      return Object.assign(new Error('hub certificate does not match the pinned one'), {
        code: 'HUB_CERTIFICATE_MISMATCH',
      });
    },
  });
}

export interface HubResponse {
  status: number;
  body: unknown;
}

/** POST of JSON over the pinned agent; the answer's status and parsed body. */
export function postJson(
  agent: Agent,
  target: { host: string; port: number; path: string },
  body: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HubResponse> {
  return requestJson(agent, target, 'POST', body, headers, timeoutMs);
}

/** A request over the pinned agent (a JSON body unless `body` is undefined); the answer's status and parsed body. */
export function requestJson(
  agent: Agent,
  target: { host: string; port: number; path: string },
  method: 'GET' | 'POST',
  body: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HubResponse> {
  const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
  const contentHeaders = payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {};
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.host,
        port: target.port,
        path: target.path,
        method,
        headers: { ...contentHeaders, ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(classify(err)));
        res.on('end', () => {
          if (!res.complete) return reject(new HubTransportError('unreachable', 'reply cut off'));
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch {
            reject(new HubTransportError('unreachable', 'reply is not JSON'));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new HubTransportError('unreachable', 'timed out')));
    req.on('error', (err) => reject(classify(err)));
    req.end(payload ?? undefined);
  });
}

/**
 * The hub's server-sent event stream over the pinned agent: each `data:` line's JSON to
 * `onData`. Resolves once the stream is open (or rejects); `onEnd` when it closes.
 */
export function openEventStream(
  agent: Agent,
  target: { host: string; port: number; path: string },
  headers: Record<string, string>,
  onData: (data: unknown) => void,
  onEnd: (status: number | null) => void,
  /** How long to wait for the stream's answer: a cable pulled mid-handshake must not hang it forever. */
  openTimeoutMs = 0,
): { opened: Promise<number>; close(): void } {
  let closeIt = () => {};
  const opened = new Promise<number>((resolve, reject) => {
    const req = request(
      { agent, host: target.host, port: target.port, path: target.path, method: 'GET', headers },
      (res) => {
        req.setTimeout(0);
        resolve(res.statusCode ?? 0);
        if (res.statusCode !== 200) {
          res.resume();
          res.on('end', () => onEnd(res.statusCode ?? null));
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            for (const line of message.split('\n')) {
              if (!line.startsWith('data: ')) continue;
              try {
                onData(JSON.parse(line.slice(6)));
              } catch {
                // A malformed line is skipped; the next change notice brings everything again.
              }
            }
          }
        });
        res.on('close', () => onEnd(null));
        res.on('error', () => {});
      },
    );
    req.on('error', (err) => {
      reject(classify(err));
      onEnd(null);
    });
    if (openTimeoutMs > 0)
      req.setTimeout(openTimeoutMs, () => req.destroy(new HubTransportError('unreachable', 'timed out')));
    req.end();
    closeIt = () => req.destroy();
  });
  return { opened, close: () => closeIt() };
}

/** The hub's own refusal in a non-200 answer (`{error: ApiError}`), or `fallback` when the body is not one. */
export function asApiError(body: unknown, fallback: ApiError): ApiError {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return error && typeof error.code === 'string' ? (error as ApiError) : fallback;
}
