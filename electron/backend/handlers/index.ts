import { appHandlers } from './app';
import { guideHandlers } from './guides';
import { queueHandlers } from './queue';
import { setupHandlers } from './setup';
import { statsHandlers } from './stats';
import { supervisorHandlers } from './supervisor';
import { syncHandlers } from './sync';
import type { HandlerTable } from './types';
import { visitHandlers } from './visits';

/** The handler table: one entry per channel of shared/api.ts (the type enforces completeness). */
export const handlers: HandlerTable = {
  ...appHandlers,
  ...setupHandlers,
  ...visitHandlers,
  ...queueHandlers,
  ...guideHandlers,
  ...supervisorHandlers,
  ...statsHandlers,
  ...syncHandlers,
};
