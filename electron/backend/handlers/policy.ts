import type { PrefixHandlers } from './types';

/** What IT's policy file presets and locks, and why it was ignored if it was (Settings shows it). */
export const policyHandlers: PrefixHandlers<'policy'> = {
  'policy.get': (_input, ctx) => ctx.policy,
};
