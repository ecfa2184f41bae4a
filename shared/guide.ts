import { z } from 'zod';
import { AGENCIES, CAPABILITIES, OUTCOMES, isErrandKindOf, type Capability } from './domain';

/**
 * The guide package format: per agency, the guided e-service view for each errand kind,
 * as data (never code). Texts are keys into the package's own catalogue (sv required,
 * en optional), so the same node serves both languages and a translation never changes
 * the logic. Facts that change (fees, ages, deadlines) live only here, with sources and
 * the date they were last verified.
 */

/** Node, option, item, document, fee and link ids: stable, stored in goldens and answers. */
const LocalId = z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'ids are lower-case letters, digits and _');
/** A key into the package's text catalogue. */
const TextKey = z.string().regex(/^[a-z][a-z0-9_.]{0,95}$/, 'text keys are lower-case letters, digits, _ and .');
const IsoDate = z.iso.date();

/**
 * A condition over the answers given so far and the office's capabilities.
 * - `equals`/`in`: a choice or yes/no answer (option ids, never labels);
 * - `atLeast`/`below`: a number, an age from a personnummer step, or for a date
 *   question the number of whole days between that date and today (positive = past);
 * - `complete`: every applicable required item of a checklist is ticked.
 */
export type Condition =
  | { answer: string; equals: string }
  | { answer: string; in: string[] }
  | { answer: string; atLeast: number }
  | { answer: string; below: number }
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
    /** The agency pages the content was taken from. */
    sources: z.array(z.url({ protocol: /^https$/ })).min(1),
    /** When a person last checked the content against the sources. */
    verifiedOn: IsoDate,
    start: LocalId,
    nodes: z.array(GuideNodeSchema).min(2),
  })
  .strict();
export type Guide = z.infer<typeof GuideSchema>;

const DocumentSchema = z.object({ id: LocalId, label: TextKey }).strict();
const FeeSchema = z.object({ id: LocalId, label: TextKey, amountSek: z.number().nonnegative() }).strict();
const LinkSchema = z.object({ id: LocalId, label: TextKey, url: z.url({ protocol: /^https$/ }) }).strict();

const TextCatalogue = z.record(TextKey, z.string().min(1).max(2000));

/** One package per agency: `af`, `fk`, `mv`, `pm`, `skv`. */
export const GuidePackageIdSchema = z.enum(['af', 'fk', 'mv', 'pm', 'skv']);

export const GuidePackageSchema = z
  .object({
    format: z.literal(1),
    id: GuidePackageIdSchema,
    agency: z.enum(AGENCIES),
    /** Rises with every published change; errands pin `errandKind@version`. */
    version: z.number().int().positive(),
    validFrom: IsoDate,
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
