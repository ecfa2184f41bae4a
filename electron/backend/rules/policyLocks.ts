import { isLocked } from '../../../shared/policy';
import { AppError } from '../../../shared/errors';
import type { StoreContext } from '../context';

/**
 * The backend's half of the policy's locks: a locked setting is refused here, whatever
 * sent the request (the UI hides the control; a raw request gets POLICY_LOCKED).
 */

/** A locked office list: the device serves only the offices the policy names. */
export function requireOfficeAllowed(ctx: Pick<StoreContext, 'policy'>, officeId: string): void {
  const offices = ctx.policy.policy?.offices;
  if (isLocked(ctx.policy, 'office') && offices && !offices.includes(officeId))
    throw new AppError('POLICY_LOCKED', [{ path: 'officeId', issue: 'locked_by_policy' }]);
}

/** A locked central service: enrollment only with the policy's address (same origin and path). */
export function requireServiceUrlAllowed(ctx: Pick<StoreContext, 'policy'>, serverUrl: string): void {
  const wanted = ctx.policy.policy?.centralServiceUrl;
  if (!isLocked(ctx.policy, 'centralServiceUrl') || !wanted) return;
  if (normalise(serverUrl) !== normalise(wanted))
    throw new AppError('POLICY_LOCKED', [{ path: 'serverUrl', issue: 'locked_by_policy' }]);
}

function normalise(url: string): string {
  try {
    const u = new URL(url.trim());
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim();
  }
}
