import type { FastifyInstance } from 'fastify';
import type { DeviceInfoReply } from '../../shared/sync';
import { deviceOf } from '../principal';
import type { RouteContext } from './context';

/**
 * GET /v1/device: the asking device's offices as the service holds them now. The admin may
 * change a travelling device's set (`device-offices`); the uploader asks before it sends an
 * office's events it does not know to be allowed.
 */
export function deviceRoutes(app: FastifyInstance, { store, tokenRoute }: RouteContext): void {
  app.get('/v1/device', tokenRoute, async (request): Promise<DeviceInfoReply> => {
    const device = await deviceOf(store, request);
    return { deviceId: device.id, officeIds: device.officeIds };
  });
}
