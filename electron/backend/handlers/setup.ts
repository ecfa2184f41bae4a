import { writeSetup } from '../../../db/settings';
import { AppError } from '../../../shared/errors';
import type { OfficeConfirmation, Setup } from '../../../shared/api';
import { readOfficeConfirmation, recordHomeOffice, writeOfficeConfirmation } from '../../../db/officeConfirmation';
import { stockholmDate } from '../../../shared/time';
import type { BackendContext } from '../context';
import { ensureOfficeDefaults } from '../rules/officeDefaults';
import { requireOfficeAllowed } from '../rules/policyLocks';
import { currentSetup, requireSetup } from '../rules/setupRequirement';
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

function officeConfirmation(ctx: BackendContext): OfficeConfirmation {
  const officeId = currentSetup(ctx)?.officeId ?? null;
  const confirmed = readOfficeConfirmation(ctx.store.db);
  const today = stockholmDate(ctx.now());
  return {
    officeId,
    confirmedOn: confirmed.officeId === officeId ? confirmed.on : null,
    needed: officeId !== null && (confirmed.officeId !== officeId || confirmed.on !== today),
  };
}

export const setupHandlers: PrefixHandlers<'setup'> = {
  'setup.get': (_input, ctx) => currentSetup(ctx),
  'setup.confirmation': (_input, ctx) => officeConfirmation(ctx),
  'setup.confirmOffice': ({ officeId }, ctx) => {
    const setup = requireSetup(ctx);
    // Confirming an office the device is not set up for would confirm the wrong one.
    if (setup.officeId !== officeId)
      throw new AppError('VALIDATION', [{ path: 'officeId', issue: 'not_current_office' }]);
    ctx.write(() => writeOfficeConfirmation(ctx.store.db, officeId, stockholmDate(ctx.now())));
    ctx.touch('setup');
    return officeConfirmation(ctx);
  },
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
      // The first office this device is ever set up for is its home office (rules/firstPassphrase.ts).
      if (!before) recordHomeOffice(ctx.store.db, input.officeId);
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
