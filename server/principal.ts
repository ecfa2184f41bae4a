import type { FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, sha256Hex } from './auth';
import { ApiError } from './errors';
import type { AnalystToken, Device, ServerStore } from './store/types';

/** Who sent a request: an enrolled device (its own office only) or an analyst (any office). */
export type Principal = { kind: 'device'; device: Device } | { kind: 'analyst'; analyst: AnalystToken };

/** The token's hash with its principal, or the 401 the request gets. */
type Resolution = { principal: Principal; tokenHash: string } | { error: ApiError };

/** One lookup per request: the rate limiter's key and the route's principal come from it. */
const resolutions = new WeakMap<FastifyRequest, Promise<Resolution>>();

async function lookUp(store: ServerStore, request: FastifyRequest): Promise<Resolution> {
  const token = bearerToken(request.headers.authorization);
  if (!token) return { error: new ApiError(401, 'UNAUTHORIZED', 'a bearer token is required') };
  const tokenHash = sha256Hex(token);
  const device = await store.deviceByTokenHash(tokenHash);
  if (device) {
    if (device.revokedAt) return { error: new ApiError(401, 'TOKEN_REVOKED', 'this device has been revoked') };
    return { principal: { kind: 'device', device }, tokenHash };
  }
  const analyst = await store.analystByTokenHash(tokenHash);
  if (analyst) {
    if (analyst.revokedAt) return { error: new ApiError(401, 'TOKEN_REVOKED', 'this token has been revoked') };
    return { principal: { kind: 'analyst', analyst }, tokenHash };
  }
  return { error: new ApiError(401, 'UNAUTHORIZED', 'unknown token') };
}

function resolve(store: ServerStore, request: FastifyRequest): Promise<Resolution> {
  let r = resolutions.get(request);
  if (!r) {
    r = lookUp(store, request);
    resolutions.set(request, r);
  }
  return r;
}

/**
 * The key the token routes' rate limit counts under: a known token's hash; every request
 * without a valid token (none, unknown, revoked) from one address shares one bucket, so
 * guessing tokens costs the guesser, not the service.
 */
export function rateLimitKey(store: ServerStore): (request: FastifyRequest) => Promise<string> {
  return async (request) => {
    const r = await resolve(store, request);
    return 'principal' in r ? `token:${r.tokenHash}` : `unknown:${request.ip}`;
  };
}

/**
 * A preParsing hook: the token is checked before a byte of the body is read. A refused
 * request that came with a body is answered and its connection closed, so a client
 * trickling a body with a made-up token holds nothing open.
 */
export function requireToken(store: ServerStore) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const r = await resolve(store, request);
    if ('error' in r) {
      if (request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined)
        reply.header('connection', 'close');
      throw r.error;
    }
    return payload;
  };
}

/** The principal requireToken admitted (a route without that hook is a bug: it throws). */
export async function principalOf(store: ServerStore, request: FastifyRequest): Promise<Principal> {
  const r = await resolve(store, request);
  if ('error' in r) throw r.error;
  return r.principal;
}

export async function deviceOf(store: ServerStore, request: FastifyRequest): Promise<Device> {
  const principal = await principalOf(store, request);
  if (principal.kind !== 'device') throw new ApiError(401, 'UNAUTHORIZED', 'a device token is required');
  return principal.device;
}
