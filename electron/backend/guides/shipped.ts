import af from '../../../assets/guides/af.json';
import fk from '../../../assets/guides/fk.json';
import mv from '../../../assets/guides/mv.json';
import pm from '../../../assets/guides/pm.json';
import skv from '../../../assets/guides/skv.json';
import type { GuidePackage } from '../../../shared/guide';
import { formatIssue, validatePackage } from '../../../shared/guideValidate';

/**
 * The guide packages shipped inside the app (assets/guides), one per agency. They are
 * trusted because they ship inside the signed app, and validated at load anyway: the
 * tests prove they pass, so a failure here means a broken build, which must be loud.
 */
export function shippedGuidePackages(): GuidePackage[] {
  return [af, fk, mv, pm, skv].map((raw: unknown) => {
    const { package: pkg, issues } = validatePackage(raw);
    if (!pkg) throw new Error(`shipped guide package is invalid:\n${issues.map(formatIssue).join('\n')}`);
    return pkg;
  });
}
