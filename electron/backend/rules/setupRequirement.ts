import type { Setup } from '../../../shared/api';
import { AppError } from '../../../shared/errors';
import type { StoreContext } from '../context';

/** The setup every case-log handler needs; a typed error sends the UI to first-run setup. */
export function requireSetup(ctx: StoreContext): Setup {
  const setup = currentSetup(ctx);
  if (!setup) throw new AppError('SETUP_REQUIRED');
  return setup;
}

export function currentSetup(ctx: StoreContext): Setup | null {
  return ctx.setup.get();
}
