import type { FastifyInstance } from 'fastify';
import { createPublicKey, randomUUID } from 'node:crypto';
import { keyFingerprint } from '../../shared/node/keyFingerprint';
import { EnrollRequestSchema, type EnrollReply } from '../../shared/sync';
import { enrollmentCodeHash, newToken, sha256Hex } from '../auth';
import { ApiError, parseOr422 } from '../errors';
import type { RouteContext } from './context';

export function enrollRoutes(app: FastifyInstance, { store, now, enrollRateLimit }: RouteContext): void {
  app.post('/v1/enroll', { config: { rateLimit: enrollRateLimit }, bodyLimit: 16 * 1024 }, async (request, reply) => {
    const body = parseOr422(EnrollRequestSchema, request.body);
    // The key signs the device's offline statistics files: it must be a real Ed25519 key.
    let fingerprint: string;
    let publicKeyPem: string;
    try {
      const key = createPublicKey(body.devicePublicKey);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
      fingerprint = keyFingerprint(key);
      // Kept as re-exported from the parsed key: nothing else of the text the client sent
      // (comments, lines after the key) reaches the devices table.
      publicKeyPem = key.export({ type: 'spki', format: 'pem' }).toString();
    } catch {
      throw new ApiError(422, 'VALIDATION', 'the device key is not an Ed25519 public key', [
        { path: 'devicePublicKey', issue: 'not an Ed25519 public key (SPKI PEM)' },
      ]);
    }
    const token = newToken();
    const device = await store.enrollDevice({
      codeHash: enrollmentCodeHash(body.code),
      now: now().toISOString(),
      deviceId: randomUUID(),
      name: body.deviceName,
      tokenHash: sha256Hex(token),
      publicKeyPem,
      keyFingerprint: fingerprint,
      officeId: body.officeId,
    });
    if (!device) throw new ApiError(422, 'ENROLLMENT_CODE_INVALID', 'the code is unknown, already used or expired');
    // Not used: the officer's computer is set up for another office than the code's.
    if ('otherOffice' in device)
      throw new ApiError(409, 'CONFLICT', `the code is for office ${device.otherOffice}`, [
        { path: 'officeId', issue: `other_office:${device.otherOffice}` },
      ]);
    const answer: EnrollReply = { deviceId: device.id, officeId: device.officeId, token };
    return reply.code(201).send(answer);
  });
}
