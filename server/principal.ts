import type { FastifyRequest } from 'fastify';
import { bearerToken, sha256Hex } from './auth';
import { ApiError } from './errors';
import type { AnalystToken, Device, ServerStore } from './store/types';

/** Who sent a request: an enrolled device (its own office only) or an analyst (any office). */
export type Principal = { kind: 'device'; device: Device } | { kind: 'analyst'; analyst: AnalystToken };

/** The key the per-device rate limit counts under: the token's hash, else the address. */
export function rateLimitKey(request: FastifyRequest): string {
  const token = bearerToken(request.headers.authorization);
  return token ? `token:${sha256Hex(token)}` : `ip:${request.ip}`;
}

/** Resolves the bearer token; 401 UNAUTHORIZED when missing or unknown, TOKEN_REVOKED when revoked. */
export async function authenticate(store: ServerStore, request: FastifyRequest): Promise<Principal> {
  const token = bearerToken(request.headers.authorization);
  if (!token) throw new ApiError(401, 'UNAUTHORIZED', 'a bearer token is required');
  const hash = sha256Hex(token);
  const device = await store.deviceByTokenHash(hash);
  if (device) {
    if (device.revokedAt) throw new ApiError(401, 'TOKEN_REVOKED', 'this device has been revoked');
    return { kind: 'device', device };
  }
  const analyst = await store.analystByTokenHash(hash);
  if (analyst) {
    if (analyst.revokedAt) throw new ApiError(401, 'TOKEN_REVOKED', 'this token has been revoked');
    return { kind: 'analyst', analyst };
  }
  throw new ApiError(401, 'UNAUTHORIZED', 'unknown token');
}

export async function authenticateDevice(store: ServerStore, request: FastifyRequest): Promise<Device> {
  const principal = await authenticate(store, request);
  if (principal.kind !== 'device') throw new ApiError(401, 'UNAUTHORIZED', 'a device token is required');
  return principal.device;
}
