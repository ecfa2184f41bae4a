import { readSetup, writeSetup } from '../../../db/settings';
import { AppError } from '../../../shared/errors';
import type { Setup } from '../../../shared/api';
import type { BackendContext } from '../context';
import type { HandlersFor } from './types';

/** The setup every case-log handler needs; a typed error sends the UI to first-run setup. */
export function requireSetup(ctx: BackendContext): Setup {
  const setup = readSetup(ctx.store.db);
  if (!setup) throw new AppError('SETUP_REQUIRED');
  return setup;
}

export const setupHandlers: HandlersFor<'setup.get' | 'setup.save'> = {
  'setup.get': (_input, ctx) => readSetup(ctx.store.db),
  'setup.save': (input, ctx) => {
    if (!ctx.registry.offices.some((o) => o.id === input.officeId)) {
      throw new AppError('UNKNOWN_OFFICE', [{ path: 'officeId', issue: 'unknown_office' }]);
    }
    writeSetup(ctx.store.db, input);
    return input;
  },
};
