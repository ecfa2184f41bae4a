import type { PrefixHandlers } from './types';

export const appHandlers: PrefixHandlers<'app'> = {
  'app.status': (_input, ctx) => ({
    appVersion: ctx.appVersion,
    schemaVersion: ctx.store.schemaVersion,
    recoveredFromUncleanShutdown: ctx.store.recoveredFromUncleanShutdown,
  }),
};
