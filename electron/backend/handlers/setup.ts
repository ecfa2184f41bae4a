import { readSetup, writeSetup } from '../../../db/settings';
import { AppError } from '../../../shared/errors';
import type { Setup } from '../../../shared/api';
import type { BackendContext } from '../context';
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
    if (!ctx.registry.offices.some((o) => o.id === input.officeId)) {
      throw new AppError('UNKNOWN_OFFICE', [{ path: 'officeId', issue: 'unknown_office' }]);
    }
    writeSetup(ctx.store.db, input);
    ctx.setupCache = { value: input };
    return input;
  },
};
