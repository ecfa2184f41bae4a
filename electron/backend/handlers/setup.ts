import { writeSetup } from '../../../db/settings';
import { AppError } from '../../../shared/errors';
import type { Setup } from '../../../shared/api';
import type { BackendContext } from '../context';
import { ensureOfficeDefaults } from '../rules/officeDefaults';
import { requireOfficeAllowed } from '../rules/policyLocks';
import { currentSetup } from '../rules/setupRequirement';
import type { PrefixHandlers } from './types';

/**
 * Before the device changes officer or office: the one leaving must not leave a visit
 * open or a ticket at the counter (refused, with a clear error); an idle counter is closed.
 */
function handOver(ctx: BackendContext, before: Setup): void {
  if (ctx.visits.openVisitOf(before.officeId, before.officerSignature)) {
    throw new AppError('OFFICER_BUSY', [{ path: 'officerSignature', issue: 'open_visit' }]);
  }
  const counter = ctx.queue.counterOfOfficer(before.officeId, before.officerSignature);
  if (!counter) return;
  if (ctx.queue.activeOfCounter(counter.id)) {
    throw new AppError('OFFICER_BUSY', [{ path: 'officerSignature', issue: 'has_active_ticket' }]);
  }
  ctx.queue.closeCounter(counter.id);
}

export const setupHandlers: PrefixHandlers<'setup'> = {
  'setup.get': (_input, ctx) => currentSetup(ctx),
  'setup.save': (input, ctx) => {
    requireOfficeAllowed(ctx, input.officeId);
    const office = ctx.officeRegistry.offices.find((o) => o.id === input.officeId);
    if (!office) throw new AppError('UNKNOWN_OFFICE', [{ path: 'officeId', issue: 'unknown_office' }]);
    ctx.write(() => {
      const before = currentSetup(ctx);
      if (before && (before.officerSignature !== input.officerSignature || before.officeId !== input.officeId)) {
        handOver(ctx, before);
      }
      writeSetup(ctx.store.db, input);
      ensureOfficeDefaults(ctx, office);
    });
    ctx.setup.set(input);
    // A new officer or office at this device must log in as supervisor again.
    ctx.supervisor.lockAll();
    ctx.touch('setup');
    ctx.touch('queue');
    return input;
  },
};
