import type { GuideBundle, GuideCatalogEntry } from '../../../shared/api';
import { isErrandKindOf } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { guideRef, parseGuideRef, type GuidePackage, type Referral } from '../../../shared/guide';
import { guideVerifiedOn } from '../../../shared/guideSources';
import { walk } from '../../../shared/guideWalk';
import { nearestOfficesWith } from '../../../shared/referral';
import { stockholmDate } from '../../../shared/time';
import type { BackendContext } from '../context';
import { requireSetup } from '../rules/setupRequirement';
import type { PrefixHandlers } from './types';
import { errandOfOpenVisit } from '../rules/visitGuards';

function bundleOf(pkg: GuidePackage, errandKind: string): GuideBundle {
  const guide = pkg.guides.find((g) => g.errandKind === errandKind);
  if (!guide) throw new AppError('GUIDE_NOT_FOUND', [{ path: 'errandKind', issue: 'no_guide' }]);
  return {
    packageId: pkg.id,
    version: pkg.version,
    validFrom: pkg.validFrom,
    contentHash: pkg.contentHash,
    guideRef: guideRef(errandKind, pkg.version),
    guide,
    verifiedOn: guideVerifiedOn(pkg, guide),
    documents: pkg.documents,
    fees: pkg.fees,
    links: pkg.links,
    texts: pkg.texts,
  };
}

function activePackageFor(ctx: BackendContext, errandKind: string): GuidePackage {
  const pkg = ctx.guides.activeAll().find((p) => isErrandKindOf(p.agency, errandKind));
  if (!pkg) throw new AppError('GUIDE_NOT_FOUND', [{ path: 'errandKind', issue: 'no_guide' }]);
  return pkg;
}

/** The package version an errand is pinned to; gone only if it was pruned, which the store never does for open visits. */
function pinnedBundle(ctx: BackendContext, ref: string): GuideBundle {
  const pin = parseGuideRef(ref);
  const packageId = pin?.errandKind.split('.')[0];
  const pkg = pin && packageId ? ctx.guides.get(packageId, pin.version) : null;
  if (!pin || !pkg) throw new AppError('GUIDE_NOT_FOUND', [{ path: 'errandId', issue: 'pinned_version_missing' }]);
  return bundleOf(pkg, pin.errandKind);
}

/** Where a referral outcome points, as stored on the errand. */
function referralTargets(ctx: BackendContext, officeId: string, referral: Referral | undefined): string[] | null {
  if (!referral) return null;
  if ('channel' in referral) return [`channel:${referral.channel}`];
  const here = ctx.officeRegistry.offices.find((o) => o.id === officeId);
  if (!here) return null;
  return nearestOfficesWith(ctx.officeRegistry.offices, here, referral.nearestWith).map((n) => n.office.id);
}

export const guidesHandlers: PrefixHandlers<'guides'> = {
  'guides.catalog': (_input, ctx) =>
    ctx.guides.activeAll().flatMap((pkg) =>
      pkg.guides.map((g): GuideCatalogEntry => ({
        errandKind: g.errandKind as GuideCatalogEntry['errandKind'],
        agency: pkg.agency,
        version: pkg.version,
        verifiedOn: guideVerifiedOn(pkg, g),
        title: {
          sv: pkg.texts.sv[g.title] ?? g.title,
          ...(pkg.texts.en?.[g.title] ? { en: pkg.texts.en[g.title] } : {}),
        },
      })),
    ),

  'guides.get': (input, ctx) => bundleOf(activePackageFor(ctx, input.errandKind), input.errandKind),

  'guides.open': (input, ctx) =>
    ctx.write(() => {
      const errand = errandOfOpenVisit(ctx, input.errandId);
      if (!errand.guideRef) {
        const pkg = activePackageFor(ctx, errand.errandKind);
        bundleOf(pkg, errand.errandKind);
        ctx.visits.pinGuide(errand.id, guideRef(errand.errandKind, pkg.version));
        ctx.touch('visits');
      }
      return pinnedBundle(ctx, ctx.visits.findErrand(errand.id)!.guideRef!);
    }),

  'guides.record': (input, ctx) =>
    ctx.write(() => {
      const { officeId } = requireSetup(ctx);
      const errand = errandOfOpenVisit(ctx, input.errandId);
      if (!errand.guideRef) throw new AppError('GUIDE_INCOMPLETE', [{ path: 'errandId', issue: 'not_opened' }]);
      const { guide } = pinnedBundle(ctx, errand.guideRef);
      const office = ctx.officeRegistry.offices.find((o) => o.id === officeId);
      // The backend walks the guide itself: the outcome recorded is the one the answers reach here.
      const state = walk(
        guide,
        { capabilities: office?.capabilities ?? [], today: stockholmDate(ctx.now()) },
        input.answers,
      );
      if (!state.outcome) throw new AppError('GUIDE_INCOMPLETE', [{ path: 'answers', issue: state.current.id }]);
      ctx.visits.recordGuideOutcome(
        errand.id,
        state.outcome.outcome,
        referralTargets(ctx, officeId, state.outcome.referral),
      );
      ctx.touch('visits');
      return ctx.visits.findVisit(errand.visitId)!;
    }),

  'guides.packages': (_input, ctx) => ctx.guides.installed(),

  'guides.import': (input, ctx) => {
    const result = ctx.guides.importSigned(input.content);
    ctx.touch('guides');
    return result;
  },
};
