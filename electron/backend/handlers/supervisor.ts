import { AppError } from '../../../shared/errors';
import type { BackendContext } from '../context';
import { mayClaimFirstPassphrase } from '../rules/firstPassphrase';
import { requireSetup } from '../rules/setupRequirement';
import type { PrefixHandlers } from './types';

/** Only offices of the registry have passphrases: a typo must not create a new office. */
function knownOffice(ctx: BackendContext, officeId: string): string {
  if (!ctx.officeRegistry.offices.some((o) => o.id === officeId)) throw new AppError('UNKNOWN_OFFICE');
  return officeId;
}

export const supervisorHandlers: PrefixHandlers<'supervisor'> = {
  'supervisor.status': ({ officeId }, ctx) => ctx.supervisor.status(knownOffice(ctx, officeId)),
  'supervisor.unlock': ({ officeId, passphrase }, ctx) => ctx.supervisor.unlock(knownOffice(ctx, officeId), passphrase),
  'supervisor.setPassphrase': ({ officeId, passphrase, current }, ctx) => {
    const office = knownOffice(ctx, officeId);
    const mayClaimFirst = mayClaimFirstPassphrase(ctx, office, requireSetup(ctx).officeId);
    return ctx.supervisor.setPassphrase(office, passphrase, current, mayClaimFirst);
  },
  'supervisor.lock': ({ token }, ctx) => {
    ctx.supervisor.lock(token);
    return null;
  },
};
