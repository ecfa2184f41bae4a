import { AppError } from '../../../shared/errors';
import type { BackendContext } from '../context';
import type { SyncService } from '../sync/syncService';
import type { PrefixHandlers } from './types';
import { requireServiceUrlAllowed } from '../rules/policyLocks';
import { importReceipt } from '../sync/receiptImport';

function syncOf(ctx: BackendContext): SyncService {
  // Boot always sets it; a context built by hand in a test may not have one.
  if (!ctx.sync) throw new AppError('SYNC_NOT_ENROLLED');
  return ctx.sync;
}

export const syncHandlers: PrefixHandlers<'sync'> = {
  'sync.status': (_input, ctx) => syncOf(ctx).status(),
  'sync.enroll': (input, ctx) => {
    requireServiceUrlAllowed(ctx, input.serverUrl);
    return syncOf(ctx).enroll(input);
  },
  'sync.now': (_input, ctx) => {
    const sync = syncOf(ctx);
    if (sync.status().state === 'not_enrolled') throw new AppError('SYNC_NOT_ENROLLED');
    return sync.syncNow();
  },
  'sync.exportBundle': (_input, ctx) => syncOf(ctx).exportBundle(),
  'sync.disconnect': (_input, ctx) => syncOf(ctx).disconnect(),
  'sync.importReceipt': (input, ctx) => {
    const result = importReceipt(ctx, input.content);
    ctx.touch('sync');
    return result;
  },
};
