import type { PrefixHandlers } from './types';

export const officesHandlers: PrefixHandlers<'offices'> = {
  'offices.list': (_input, ctx) => ctx.officeRegistry.offices,
};
