import af from '../../../assets/guides/af.json';
import fk from '../../../assets/guides/fk.json';
import mv from '../../../assets/guides/mv.json';
import pm from '../../../assets/guides/pm.json';
import skv from '../../../assets/guides/skv.json';

/**
 * The guide packages shipped inside the app (assets/guides), one per agency, as the raw
 * JSON. The guide store checks one in full only when it installs it (a new app version);
 * on every other start it is already installed and costs a hash. A broken one is refused
 * and logged, and test/unit/guides/everyGuide.test.ts keeps it from ever shipping.
 */
export function shippedGuidePackages(): readonly unknown[] {
  return [af, fk, mv, pm, skv];
}
