import type { QueueConfig } from '../../../shared/api';
import type { Office } from '../../../shared/offices';
import type { BackendContext } from '../context';

/**
 * What a new office starts with (supervisors change it in queue settings):
 * A for everything, B for ID card and biometrics where the office has the equipment,
 * T for booked appointments (called first once due, see shared/queue.ts).
 */
export function defaultQueues(office: Office): QueueConfig[] {
  const queues: QueueConfig[] = [
    { letter: 'A', name: 'Allmänt', agencies: [], errandKinds: [], priority: 0, kiosk: true, active: true },
  ];
  if (office.capabilities.includes('biometrics')) {
    queues.push({
      letter: 'B',
      name: 'ID-kort och identitetskontroll',
      agencies: ['SKV'],
      errandKinds: ['skv.id_card', 'skv.coordination_number', 'skv.immigration'],
      priority: 0,
      kiosk: true,
      active: true,
    });
  }
  // Priority 0: a booking is called first once due (see orderForCalling), not merely because it is booked.
  queues.push({
    letter: 'T',
    name: 'Bokad tid',
    agencies: [],
    errandKinds: [],
    priority: 0,
    kiosk: false,
    active: true,
  });
  return queues;
}

export const DEFAULT_COUNTER_NAMES = ['Lucka 1', 'Lucka 2', 'Lucka 3'];

/** Gives an office its default queues and counters the first time it is set up on this device. */
export function ensureOfficeDefaults(ctx: BackendContext, office: Office): void {
  if (ctx.queue.queues(office.id).length === 0) {
    for (const q of defaultQueues(office)) ctx.queue.saveQueue(office.id, q);
  }
  if (ctx.queue.counters(office.id).length === 0) {
    for (const name of DEFAULT_COUNTER_NAMES) ctx.queue.addCounter(office.id, ctx.newId(), name);
  }
}
