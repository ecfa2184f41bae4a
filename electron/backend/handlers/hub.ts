import { AppError } from '../../../shared/errors';
import type { BackendContext } from '../context';
import { requireSetup } from '../rules/setupRequirement';
import type { PrefixHandlers } from './types';

/** Device management is the hub's office supervisor's: a session for another office is refused. */
function requireHubSupervisor(ctx: BackendContext, token: string): void {
  const { officeId } = requireSetup(ctx);
  if (ctx.supervisor.officeOf(token) !== officeId) throw new AppError('SUPERVISOR_REQUIRED');
}

export const hubHandlers: PrefixHandlers<'hub'> = {
  'hub.status': (_input, ctx) => {
    const fingerprint = ctx.hubDevices.servingFingerprint;
    return { serving: fingerprint !== null, fingerprint };
  },
  'hub.addDevice': async (input, ctx) => {
    requireHubSupervisor(ctx, input.token);
    const added = await ctx.hubDevices.add(input.name, input.role);
    ctx.touch('hub');
    return added;
  },
  'hub.devices': (input, ctx) => {
    requireHubSupervisor(ctx, input.token);
    return ctx.hubDevices.list();
  },
  'hub.revoke': (input, ctx) => {
    requireHubSupervisor(ctx, input.token);
    const device = ctx.hubDevices.revoke(input.deviceId);
    ctx.touch('hub');
    return device;
  },
};
