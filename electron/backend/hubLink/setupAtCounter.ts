import { channels, type Reply, type Setup } from '../../../shared/api';
import { apiError } from '../../../shared/errors';
import type { ServiceContext } from '../context';
import type { Host } from '../host';
import type { HubLink } from './hubLink';

/**
 * `setup.save` on a paired counter PC is answered here (the officer is the PC's own), but its
 * office must be the hub's: the visits of tickets the hub hands over count for the hub's
 * office, so a walk-in logged for another would split one office's day. A new officer at the
 * same office needs no hub (an outage must not keep them from signing in).
 */
export async function setupAtCounter(
  deps: { ctx: ServiceContext; link: HubLink; local: Host },
  raw: unknown,
  hooks?: Parameters<Host['handle']>[1],
): Promise<Reply> {
  const parsed = channels['setup.save'].input.safeParse((raw as { input?: unknown } | null)?.input);
  const before = deps.ctx.setup.get();
  if (!parsed.success || before?.officeId === parsed.data.officeId) return deps.local.handle(raw, hooks);
  const id = (raw as { id: number }).id;
  const hub = await deps.link.forward({ id, channel: 'setup.get', input: {} });
  if (!hub.ok) return hub;
  const hubOffice = (hub.result as Setup | null)?.officeId;
  if (hubOffice && hubOffice !== parsed.data.officeId)
    return { id, ok: false, error: apiError('VALIDATION', [{ path: 'officeId', issue: 'not_the_hubs_office' }]) };
  return deps.local.handle(raw, hooks);
}
