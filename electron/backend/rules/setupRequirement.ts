import { readSetup } from '../../../db/settings';
import type { Setup } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import type { BackendContext } from '../context';

/** The setup every case-log handler needs; a typed error sends the UI to first-run setup. */
export function requireSetup(ctx: BackendContext): Setup {
  const setup = currentSetup(ctx);
  if (!setup) throw new AppError('SETUP_REQUIRED');
  return setup;
}

export function currentSetup(ctx: BackendContext): Setup | null {
  ctx.setupCache ??= { value: readSetup(ctx.store.db) };
  return ctx.setupCache.value;
}
