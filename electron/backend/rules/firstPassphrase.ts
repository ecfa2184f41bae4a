import { hasOtherOfficesData, readHomeOffice } from '../../../db/officeConfirmation';
import { isLocked } from '../../../shared/policy';
import type { StoreContext } from '../context';
import { readSyncSettings, trustedOffices } from '../sync/syncSettings';

/**
 * Who may claim an office's FIRST supervisor passphrase on this device (issue 18; README,
 * "Supervisors"). Switching the device to an office needs no passphrase, so the switch alone
 * must not open that office's figures. The first passphrase of an office is set only on a
 * device set up for that office now AND trusted for it by someone other than the officer:
 *
 * - the statistics service: the device is enrolled (not revoked) and the office is in the set
 *   the service trusts it for (the admin chose those offices for its code); or
 * - IT: the policy file locks the device's office list and names the office; or
 * - the device's home office: the first office it was ever set up for (a device set up once
 *   for its own office, which never travelled, is the office's own device).
 */
export function mayClaimFirstPassphrase(ctx: StoreContext, officeId: string, deviceOffice: string): boolean {
  if (officeId !== deviceOffice) return false;
  const sync = readSyncSettings(ctx.store.db);
  if (sync.serverUrl && sync.deviceId && !sync.revoked && trustedOffices(sync).includes(officeId)) return true;
  const policyOffices = ctx.policy.policy?.offices;
  if (isLocked(ctx.policy, 'office') && policyOffices?.includes(officeId)) return true;
  const home = readHomeOffice(ctx.store.db);
  // A store from before home offices were recorded: the office is home if the device never worked elsewhere.
  if (home === null) return !hasOtherOfficesData(ctx.store.db, officeId);
  return home === officeId;
}
