import { z } from 'zod';
import { AGENCIES, CAPABILITIES, OUTCOMES, isErrandKindOf, type Capability } from './domain';

/**
 * The guide package format: per agency, the guided e-service view for each errand kind,
 * as data (never code). Texts are keys into the package's own catalogue (sv required,
 * en optional), so the same node serves both languages and a translation never changes
 * the logic. Facts that change (fees, ages, deadlines) live only here, and every element
 * that states one carries its `claim`: the sources it comes from, the day each was read,
 * and whether it was verified (shown to the officer as "ej verifierad" when not).
 */

/** Node, option, item, document, fee and link ids: stable, stored in goldens and answers. */
const LocalId = z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'ids are lower-case letters, digits and _');
/** A key into the package's text catalogue. */
const TextKey = z.string().regex(/^[a-z][a-z0-9_.]{0,95}$/, 'text keys are lower-case letters, digits, _ and .');
const IsoDate = z.iso.date();

/**
 * Where a claim comes from: an agency page (address and title) or a statute / legal
 * guidance reference. Listed once per package; claims cite it by id.
 */
const SourceSchema = z
  .object({
    id: LocalId,
    title: z.string().min(1).max(300),
    url: z.url({ protocol: /^https?$/ }).optional(),
    /** A statute or legal guidance reference, e.g. "SFS 2010:110 (socialförsäkringsbalken) 102 kap." */
    ref: z.string().min(1).max(300).optional(),
  })
  .strict()
  .refine((s) => s.url !== undefined || s.ref !== undefined, {
    message: 'a source names an address or a reference',
    path: ['url'],
  });
export type Source = z.infer<typeof SourceSchema>;

/** One source of a claim, and the day someone read it (absent: named but not read, so the claim is unverified). */
const CitationSchema = z
  .object({
    source: LocalId,
    readOn: IsoDate.optional(),
    /** Which part of the source says it (a heading, a paragraph). */
    section: z.string().min(1).max(300).optional(),
  })
  .strict();

/**
 * What an element states and where that comes from. `verified`: every fact the element
 * states was checked against a cited source on the day it was read; `unverified`: it was
 * not (no copy of the source could be read, or the source does not say it) and the
 * officer sees "ej verifierad". `note` says why, for the reviewer (Swedish, report only).
 */
const ClaimSchema = z
  .object({
    sources: z.array(CitationSchema).min(1),
    status: z.enum(['verified', 'unverified']),
    note: z.string().min(1).max(1000).optional(),
  })
  .strict();
export type Claim = z.infer<typeof ClaimSchema>;

/**
 * An age limit that depends on the birth year and changes with the law (the riktålder):
 * rows, each in force from `validFrom`, for a range of birth years. The walker uses the
 * row in force today (the latest `validFrom` not after today) that covers the birth
 * year, so next year's change is a new row, not a code change.
 */
const AgeTableRowSchema = z
  .object({
    validFrom: IsoDate,
    bornFrom: z.number().int().min(1850).max(2200).optional(),
    bornTo: z.number().int().min(1850).max(2200).optional(),
    age: z.number().int().min(0).max(149),
  })
  .strict()
  .refine((r) => r.bornFrom === undefined || r.bornTo === undefined || r.bornFrom <= r.bornTo, {
    message: 'bornFrom is after bornTo',
    path: ['bornTo'],
  });
export type AgeTableRow = z.infer<typeof AgeTableRowSchema>;

const AgeTableSchema = z
  .object({ id: LocalId, label: TextKey, rows: z.array(AgeTableRowSchema).min(1), claim: ClaimSchema.optional() })
  .strict();
export type AgeTable = z.infer<typeof AgeTableSchema>;

/**
 * A condition over the answers given so far and the office's capabilities.
 * - `equals`/`in`: a choice or yes/no answer (option ids, never labels);
 * - `atLeast`/`below`: a number, an age from a personnummer step, or for a date
 *   question the number of whole days between that date and today (positive = past);
 * - `atLeastAge`/`belowAge`: an age against the guide's age table for the birth year
 *   answered at `bornIn` (a number question), in force today, plus `plus` years;
 * - `complete`: every applicable required item of a checklist is ticked.
 */
export type Condition =
  | { answer: string; equals: string }
  | { answer: string; in: string[] }
  | { answer: string; atLeast: number }
  | { answer: string; below: number }
  | { answer: string; atLeastAge: string; bornIn: string; plus?: number }
  | { answer: string; belowAge: string; bornIn: string; plus?: number }
  | { complete: string }
  | { capability: Capability }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ answer: LocalId, equals: LocalId }).strict(),
    z.object({ answer: LocalId, in: z.array(LocalId).min(1) }).strict(),
    z.object({ answer: LocalId, atLeast: z.number().int() }).strict(),
    z.object({ answer: LocalId, below: z.number().int() }).strict(),
    z.object({ answer: LocalId, atLeastAge: LocalId, bornIn: LocalId, plus: z.number().int().optional() }).strict(),
    z.object({ answer: LocalId, belowAge: LocalId, bornIn: LocalId, plus: z.number().int().optional() }).strict(),
    z.object({ complete: LocalId }).strict(),
    z.object({ capability: z.enum(CAPABILITIES) }).strict(),
    z.object({ all: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ any: z.array(ConditionSchema).min(1) }).strict(),
    z.object({ not: ConditionSchema }).strict(),
  ]),
);

/** Routes are tried in order; the first whose `when` holds (or has none) wins. */
const RouteSchema = z.object({ when: ConditionSchema.optional(), to: LocalId }).strict();
export type Route = z.infer<typeof RouteSchema>;
const Routes = z.array(RouteSchema).min(1);

const common = {
  id: LocalId,
  /** Heading of the step. */
  title: TextKey,
  /** Body text for the officer. */
  text: TextKey.optional(),
  /** Agency pages to open (ids into the package's links). */
  links: z.array(LocalId).optional(),
  /** Fees that apply at this step (ids into the package's fees). */
  fees: z.array(LocalId).optional(),
  /** Where what the step says (title, text, options, items, thresholds) comes from. */
  claim: ClaimSchema.optional(),
};

const OptionSchema = z.object({ value: LocalId, label: TextKey }).strict();

const QuestionSchema = z
  .object({
    ...common,
    type: z.literal('question'),
    input: z.enum(['choice', 'yesno', 'date', 'number']),
    /** For `choice` only; `yesno` always has the options `yes` and `no`. */
    options: z.array(OptionSchema).min(2).optional(),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    next: Routes,
  })
  .strict()
  .refine((q) => (q.input === 'choice') === (q.options !== undefined), {
    message: 'a choice question needs options, and only a choice question has them',
    path: ['options'],
  });

const InfoSchema = z.object({ ...common, type: z.literal('info'), next: Routes }).strict();

const ChecklistItemSchema = z
  .object({
    id: LocalId,
    text: TextKey,
    /** Whether the errand cannot proceed without it (counts for `complete`). */
    required: z.boolean(),
    /** Shown only when this holds. */
    when: ConditionSchema.optional(),
    /** The document this item checks (id into the package's documents). */
    document: LocalId.optional(),
  })
  .strict();

const ChecklistSchema = z
  .object({ ...common, type: z.literal('checklist'), items: z.array(ChecklistItemSchema).min(1), next: Routes })
  .strict();

const ActionSchema = z
  .object({
    ...common,
    type: z.literal('action'),
    /** Equipment or services this step needs at the office. */
    requires: z.array(z.enum(CAPABILITIES)).min(1).optional(),
    /** Where the guide goes when the office lacks one of `requires`. */
    otherwise: LocalId.optional(),
    next: Routes,
  })
  .strict()
  .refine((a) => (a.requires === undefined) === (a.otherwise === undefined), {
    message: 'an action that requires a capability needs an `otherwise` target, and only then',
    path: ['otherwise'],
  });

const PersonnummerSchema = z
  .object({
    ...common,
    type: z.literal('personnummer'),
    /** Whether a samordningsnummer is accepted as well. */
    allowCoordinationNumber: z.boolean(),
    next: Routes,
  })
  .strict();

/** Where a referral points: the nearest full-service offices with a capability, or a channel. */
const ReferralSchema = z.union([
  z.object({ nearestWith: z.enum(CAPABILITIES) }).strict(),
  z.object({ channel: z.enum(['e_service', 'phone', 'agency_office', 'post']), link: LocalId.optional() }).strict(),
]);
export type Referral = z.infer<typeof ReferralSchema>;

const OutcomeSchema = z
  .object({
    ...common,
    type: z.literal('outcome'),
    outcome: z.enum(OUTCOMES),
    referral: ReferralSchema.optional(),
    /** Documents the visitor must bring or send in (for `needs_documents`). */
    documents: z.array(LocalId).optional(),
  })
  .strict()
  .refine((o) => (o.outcome === 'referred') === (o.referral !== undefined), {
    message: 'a referred outcome names where to, and only a referred outcome does',
    path: ['referral'],
  });

export const GuideNodeSchema = z.discriminatedUnion('type', [
  QuestionSchema,
  InfoSchema,
  ChecklistSchema,
  ActionSchema,
  PersonnummerSchema,
  OutcomeSchema,
]);
export type GuideNode = z.infer<typeof GuideNodeSchema>;
export type QuestionNode = z.infer<typeof QuestionSchema>;
export type ChecklistNode = z.infer<typeof ChecklistSchema>;
export type ActionNode = z.infer<typeof ActionSchema>;
export type OutcomeNode = z.infer<typeof OutcomeSchema>;

export const GuideSchema = z
  .object({
    /** The errand kind this guide is for (e.g. `skv.id_card`); also the guide's id. */
    errandKind: z.string().max(60),
    title: TextKey,
    /** Age limits by birth year, for `atLeastAge`/`belowAge` conditions. */
    tables: z.array(AgeTableSchema).optional(),
    start: LocalId,
    nodes: z.array(GuideNodeSchema).min(2),
  })
  .strict();
export type Guide = z.infer<typeof GuideSchema>;

const DocumentSchema = z.object({ id: LocalId, label: TextKey, claim: ClaimSchema.optional() }).strict();
const FeeSchema = z
  .object({ id: LocalId, label: TextKey, amountSek: z.number().nonnegative(), claim: ClaimSchema.optional() })
  .strict();
const LinkSchema = z
  .object({ id: LocalId, label: TextKey, url: z.url({ protocol: /^https$/ }), claim: ClaimSchema.optional() })
  .strict();

const TextCatalogue = z.record(TextKey, z.string().min(1).max(2000));

/** One package per agency: `af`, `fk`, `mv`, `pm`, `skv`. */
export const GuidePackageIdSchema = z.enum(['af', 'fk', 'mv', 'pm', 'skv']);

export const GuidePackageSchema = z
  .object({
    /** 2: claims and sources per element (1, with a guide-wide source list, is no longer read). */
    format: z.literal(2),
    id: GuidePackageIdSchema,
    agency: z.enum(AGENCIES),
    /** Rises with every published change; errands pin `errandKind@version`. */
    version: z.number().int().positive(),
    validFrom: IsoDate,
    /** Every source a claim of the package cites. */
    sources: z.array(SourceSchema).min(1),
    documents: z.array(DocumentSchema),
    fees: z.array(FeeSchema),
    links: z.array(LinkSchema),
    guides: z.array(GuideSchema).min(1),
    texts: z.object({ sv: TextCatalogue, en: TextCatalogue.optional() }).strict(),
    /** sha256 (hex) of the canonical JSON of the package without this field. */
    contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict()
  .refine((p) => p.id === p.agency.toLowerCase(), {
    message: 'the package id is the agency in lower case',
    path: ['id'],
  })
  .superRefine((p, ctx) => {
    p.guides.forEach((g, i) => {
      if (!isErrandKindOf(p.agency, g.errandKind))
        ctx.addIssue({
          code: 'custom',
          path: ['guides', i, 'errandKind'],
          message: `not an errand kind of ${p.agency}`,
        });
    });
  });
export type GuidePackage = z.infer<typeof GuidePackageSchema>;

/** What an errand pins: the guide and the package version it was walked with. */
export function guideRef(errandKind: string, version: number): string {
  return `${errandKind}@${version}`;
}

export function parseGuideRef(ref: string): { errandKind: string; version: number } | null {
  const match = /^([a-z]+\.[a-z_]+)@([1-9][0-9]{0,8})$/.exec(ref);
  return match ? { errandKind: match[1]!, version: Number(match[2]) } : null;
}

/** Answers the walker understands: option ids, numbers (incl. ages and day counts), dates, ticked items, acknowledgements. */
export type Answer = string | number | string[] | true;
export type Answers = Readonly<Record<string, Answer>>;
