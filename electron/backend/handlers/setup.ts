import { readSetup, writeSetup } from '../../../db/settings';
import { AppError } from '../../../shared/errors';
import type { Setup } from '../../../shared/api';
import type { BackendContext } from '../context';
import { ensureOfficeDefaults } from './queueDefaults';
import type { HandlersFor } from './types';

/** The setup every case-log handler needs; a typed error sends the UI to first-run setup. */
export function requireSetup(ctx: BackendContext): Setup {
  const setup = currentSetup(ctx);
  if (!setup) throw new AppError('SETUP_REQUIRED');
  return setup;
}

function currentSetup(ctx: BackendContext): Setup | null {
  ctx.setupCache ??= { value: readSetup(ctx.store.db) };
  return ctx.setupCache.value;
}

export const setupHandlers: HandlersFor<'setup.get' | 'setup.save'> = {
  'setup.get': (_input, ctx) => currentSetup(ctx),
  'setup.save': (input, ctx) => {
    const office = ctx.registry.offices.find((o) => o.id === input.officeId);
    if (!office) throw new AppError('UNKNOWN_OFFICE', [{ path: 'officeId', issue: 'unknown_office' }]);
    ctx.write(() => {
      writeSetup(ctx.store.db, input);
      ensureOfficeDefaults(ctx, office);
    });
    ctx.setupCache = { value: input };
    ctx.touch('setup');
    ctx.touch('queue');
    return input;
  },
};
