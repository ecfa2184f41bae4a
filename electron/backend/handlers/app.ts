import type { HandlersFor } from './types';

export const appHandlers: HandlersFor<'app.status' | 'offices.list'> = {
  'app.status': (_input, ctx) => ({
    appVersion: ctx.appVersion,
    schemaVersion: ctx.store.schemaVersion,
    recoveredFromUncleanShutdown: ctx.store.recoveredFromUncleanShutdown,
  }),
  'offices.list': (_input, ctx) => ctx.registry.offices,
};
