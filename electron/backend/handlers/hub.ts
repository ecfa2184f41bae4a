import { AppError } from '../../../shared/errors';
import type { BackendContext } from '../context';
import { requireSetup } from '../rules/setupRequirement';
import type { PrefixHandlers } from './types';

/** Device management is the hub's office supervisor's: a session for another office is refused. */
function requireHubSupervisor(ctx: BackendContext, token: string): void {
  const { officeId } = requireSetup(ctx);
  if (ctx.supervisor.officeOf(token) !== officeId) throw new AppError('SUPERVISOR_REQUIRED');
}

function hubStatus(ctx: BackendContext) {
  const fingerprint = ctx.hubDevices.servingFingerprint;
  const state = ctx.hubState.state();
  return {
    serving: fingerprint !== null,
    fingerprint,
    epoch: state.epoch,
    steppedDown: state.steppedDownAt !== null,
    standbyDeviceId: state.standbyDeviceId,
  };
}

export const hubHandlers: PrefixHandlers<'hub'> = {
  'hub.status': (_input, ctx) => hubStatus(ctx),
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
  'hub.setStandby': (input, ctx) => {
    requireHubSupervisor(ctx, input.token);
    if (input.deviceId !== null) {
      const device = ctx.hubDevices.list().find((d) => d.id === input.deviceId);
      if (!device) throw new AppError('NOT_FOUND', [{ path: 'deviceId', issue: 'unknown_device' }]);
      // Only a paired counter keeps a copy of the queue and can serve it.
      if (device.role !== 'counter' || !device.pairedAt || device.revokedAt)
        throw new AppError('VALIDATION', [{ path: 'deviceId', issue: 'not_a_paired_counter' }]);
    }
    ctx.write(() => {
      if (ctx.hubState.state().standbyDeviceId === input.deviceId) return;
      ctx.hubState.setStandby(input.deviceId);
      // What another standby acknowledged binds nobody now: the new one must store blocks first.
      ctx.hubState.resetAcknowledged();
    });
    ctx.touch('hub');
    return hubStatus(ctx);
  },
  'hub.revoke': (input, ctx) => {
    requireHubSupervisor(ctx, input.token);
    const device = ctx.hubDevices.revoke(input.deviceId);
    ctx.touch('hub');
    return device;
  },
};
