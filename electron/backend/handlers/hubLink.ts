import type { PrefixHandlers } from './types';

/**
 * This installation's own link to its office hub. These channels are always answered
 * here, never forwarded (boot.ts routes them), so a device can unpair from a hub that is
 * gone or has revoked it.
 */
export const hubLinkHandlers: PrefixHandlers<'hubLink'> = {
  'hubLink.status': (_input, ctx) => ctx.hubLink.status(),
  'hubLink.pair': async (input, ctx) => {
    const status = await ctx.hubLink.pair(input.address, input.code);
    ctx.touch('hub');
    return status;
  },
  'hubLink.unpair': async (_input, ctx) => {
    const status = await ctx.hubLink.unpair();
    ctx.touch('hub');
    return status;
  },
  'hubLink.takeoverStatus': (_input, ctx) => ctx.hubTakeover.status(),
  'hubLink.takeOver': async (input, ctx) => {
    const status = await ctx.hubTakeover.takeOver(input.passphrase);
    ctx.touch('hub');
    ctx.touch('queue');
    return status;
  },
};
