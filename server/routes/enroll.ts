import type { FastifyInstance } from 'fastify';
import { createPublicKey, randomUUID, verify, type KeyObject } from 'node:crypto';
import { keyFingerprint } from '../../shared/node/keyFingerprint';
import { EnrollRequestSchema, enrollProofText, type EnrollReply } from '../../shared/sync';
import { enrollmentCodeHash, newToken, sha256Hex } from '../auth';
import { ApiError, parseOr422 } from '../errors';
import { isPrintableName } from '../printable';
import type { RouteContext } from './context';

export function enrollRoutes(app: FastifyInstance, { store, now, enrollRateLimit }: RouteContext): void {
  app.post('/v1/enroll', { config: { rateLimit: enrollRateLimit }, bodyLimit: 16 * 1024 }, async (request, reply) => {
    const body = parseOr422(EnrollRequestSchema, request.body);
    // The name is shown in the admin's terminal: no control or format characters there.
    if (!isPrintableName(body.deviceName))
      throw new ApiError(422, 'VALIDATION', 'the device name may hold printable characters and spaces only', [
        { path: 'deviceName', issue: 'control or format characters' },
      ]);
    // The key signs the device's offline statistics files: it must be a real Ed25519 key.
    let fingerprint: string;
    let publicKeyPem: string;
    let key: KeyObject;
    try {
      key = createPublicKey(body.devicePublicKey);
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
    // A proof that does not verify is refused outright: it is never a plain new enrollment.
    const proved = body.proof !== undefined && proofHolds(key, body.code, body.deviceName, body.proof);
    if (body.proof !== undefined && !proved)
      throw new ApiError(422, 'VALIDATION', 'the proof is not a signature of this code by the device key', [
        { path: 'proof', issue: 'bad_signature' },
      ]);
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
      replaceSameKey: proved,
    });
    if (!device) throw new ApiError(422, 'ENROLLMENT_CODE_INVALID', 'the code is unknown, already used or expired');
    // A public key is public (it is in every statistics file): one active device per key, or
    // a second device could take over the first one's fingerprint for bundle imports.
    if ('keyTaken' in device)
      throw new ApiError(409, 'CONFLICT', 'this device key belongs to another enrolled device; the code was not used', [
        { path: 'devicePublicKey', issue: 'key_in_use' },
      ]);
    // Not used: the officer's computer is set up for another office than the code's.
    if ('otherOffice' in device)
      throw new ApiError(409, 'CONFLICT', `the code is for office ${device.otherOffice.join(', ')}`, [
        { path: 'officeId', issue: `other_office:${device.otherOffice[0]}` },
      ]);
    const answer: EnrollReply = {
      deviceId: device.device.id,
      officeId: device.device.officeId,
      officeIds: device.device.officeIds,
      replacedDeviceIds: device.replaced,
      token,
    };
    return reply.code(201).send(answer);
  });
}

/** Whether `proof` is the key's Ed25519 signature of enrollProofText(code, name). */
function proofHolds(key: KeyObject, code: string, name: string, proof: string): boolean {
  try {
    return verify(null, Buffer.from(enrollProofText(code, name), 'utf8'), key, Buffer.from(proof, 'base64'));
  } catch {
    return false;
  }
}
