/**
 * The domain vocabulary shared by every side: agencies, errand kinds, outcomes,
 * office kinds and capabilities. Labels live in the i18n catalogue (keys below),
 * never here, so the same ids serve Swedish and English.
 */

export const AGENCIES = ['AF', 'FK', 'MV', 'PM', 'SKV'] as const;
export type Agency = (typeof AGENCIES)[number];

/** Errand kinds per agency (see docs/domain.md). Ids are stable: they are stored and counted. */
export const ERRAND_KINDS = {
  AF: ['af.registration', 'af.activity_report', 'af.other'],
  FK: ['fk.eu_card', 'fk.parental_benefit', 'fk.housing_allowance', 'fk.sickness_benefit', 'fk.other'],
  MV: ['mv.self_service', 'mv.forward_documents', 'mv.print_forms', 'mv.other'],
  PM: ['pm.general_pension', 'pm.housing_supplement', 'pm.other'],
  SKV: [
    'skv.id_card',
    'skv.moving',
    'skv.immigration',
    'skv.coordination_number',
    'skv.population_certificate',
    'skv.tax_return',
    'skv.other',
  ],
} as const satisfies Record<Agency, readonly string[]>;

export type ErrandKind = (typeof ERRAND_KINDS)[Agency][number];

export const ALL_ERRAND_KINDS: readonly ErrandKind[] = AGENCIES.flatMap((a) => ERRAND_KINDS[a]);

export function isErrandKindOf(agency: Agency, kind: string): kind is ErrandKind {
  return (ERRAND_KINDS[agency] as readonly string[]).includes(kind);
}

/** Every guide and every errand ends in one of these (docs/domain.md, "Visits and errands"). */
export const OUTCOMES = ['done', 'referred', 'booked', 'needs_documents', 'cancelled'] as const;
/** Errands in one visit: far above any real visit, and the bound its statistics event carries (shared/sync.ts). */
export const MAX_ERRANDS_PER_VISIT = 20;
export type Outcome = (typeof OUTCOMES)[number];

/** Why an officer sets another outcome than the errand's guide reached (fixed codes: no free text, no personal data). */
export const OVERRIDE_REASONS = ['visitor_choice', 'guide_mismatch', 'guide_error', 'other'] as const;
export type OverrideReason = (typeof OVERRIDE_REASONS)[number];
/** Why a closed visit is reopened for a correction. */
export const CORRECTION_REASONS = ['wrong_outcome', 'wrong_errand', 'wrong_details', 'other'] as const;
export type CorrectionReason = (typeof CORRECTION_REASONS)[number];

export const OFFICE_KINDS = ['fullservice', 'flexible_staffed', 'flexible_unstaffed', 'flexible_temporary'] as const;
export type OfficeKind = (typeof OFFICE_KINDS)[number];

/** Equipment or services an office may have; guides route on these. */
export const CAPABILITIES = ['biometrics', 'id_card_photo', 'migration_services'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Day boundaries for counting are local days here, never UTC midnight. */
export const STATISTICS_TIME_ZONE = 'Europe/Stockholm';
