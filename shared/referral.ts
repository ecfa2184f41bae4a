import type { Capability } from './domain';
import type { Office } from './offices';

export interface NearbyOffice {
  office: Office;
  /** Straight-line distance, rounded to whole kilometres. */
  km: number;
}

const EARTH_RADIUS_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle (haversine) distance between two offices' registry positions. */
export function distanceKm(
  a: Pick<Office, 'latitude' | 'longitude'>,
  b: Pick<Office, 'latitude' | 'longitude'>,
): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Where to refer a visitor whose errand needs equipment this office lacks: the nearest
 * full-service offices that have it, by straight-line distance (docs/domain.md: referral
 * to the nearest full-service offices with the capability). Travel time would be better; the registry has
 * no roads.
 */
export function nearestOfficesWith(
  offices: readonly Office[],
  from: Office,
  capability: Capability,
  count = 2,
): NearbyOffice[] {
  return offices
    .filter((o) => o.id !== from.id && o.kind === 'fullservice' && o.capabilities.includes(capability))
    .map((office) => ({ office, km: Math.round(distanceKm(from, office)) }))
    .sort((a, b) => a.km - b.km || a.office.name.localeCompare(b.office.name, 'sv'))
    .slice(0, count);
}
