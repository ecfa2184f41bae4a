import type { FastifyInstance } from 'fastify';
import { ApiError } from '../errors';
import { StoreUnavailableError } from '../store/types';
import type { RouteContext } from './context';

export function healthRoutes(app: FastifyInstance, { store }: RouteContext): void {
  app.get('/v1/health', async () => {
    try {
      await store.ping();
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err;
      // Whatever else stops the database answering is still "not available", not a bug of ours.
      throw new ApiError(503, 'UNAVAILABLE', 'the database does not answer', undefined, 5);
    }
    return { status: 'ok', database: store.kind };
  });
}
