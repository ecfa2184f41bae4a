import { appHandlers } from './app';
import { appointmentsHandlers } from './appointments';
import { countersHandlers } from './counters';
import { guidesHandlers } from './guides';
import { hubHandlers } from './hub';
import { hubLinkHandlers } from './hubLink';
import { officesHandlers } from './offices';
import { policyHandlers } from './policy';
import { queueHandlers } from './queue';
import { queuesHandlers } from './queues';
import { setupHandlers } from './setup';
import { statsHandlers } from './stats';
import { supervisorHandlers } from './supervisor';
import { syncHandlers } from './sync';
import { ticketsHandlers } from './tickets';
import type { ChannelPrefix, HandlerTable, PrefixHandlers } from './types';
import { visitsHandlers } from './visits';

/**
 * The handlers by channel prefix: `tickets.*` lives in handlers/tickets.ts, and so on
 * (test/unit/architecture.test.ts holds file names and prefixes together).
 */
export const handlersByPrefix: { [P in ChannelPrefix]: PrefixHandlers<P> } = {
  app: appHandlers,
  appointments: appointmentsHandlers,
  counters: countersHandlers,
  guides: guidesHandlers,
  hub: hubHandlers,
  hubLink: hubLinkHandlers,
  offices: officesHandlers,
  policy: policyHandlers,
  queue: queueHandlers,
  queues: queuesHandlers,
  setup: setupHandlers,
  stats: statsHandlers,
  supervisor: supervisorHandlers,
  sync: syncHandlers,
  tickets: ticketsHandlers,
  visits: visitsHandlers,
};

/** The handler table: one entry per channel of shared/api.ts (the type enforces completeness). */
export const handlers: HandlerTable = Object.assign({}, ...Object.values(handlersByPrefix)) as HandlerTable;
