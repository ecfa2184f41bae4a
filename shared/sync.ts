import { z } from 'zod';
import { AGENCIES, MAX_ERRANDS_PER_VISIT, OUTCOMES, isErrandKindOf } from './domain';
import type { StatsArrival } from './stats';
import { CanonicalUuid } from './ids';
import { NO_PERSONAL_NUMBER } from './personalData';
import { stockholmInstant } from './time';

/**
 * The sync contract between a desktop and the central statistics service (docs/sync.md).
 *
 * One statistics event per ARRIVAL (a ticket, or a visit started without one), carrying the
 * errands of its visit: the central KPIs count visits, no-shows and waits per visit, and
 * errands per agency, so a per-visit event is the unit both can be counted from without
 * double-counting a wait. Nothing personal: no ticket number, no officer, no note, no id of
 * the device's own rows. A later event for the same arrival (a correction, a recalled
 * no-show served after all, a voided ticket) names the one it replaces in `supersedes`;
 * the current events are those no stored event supersedes, whatever order they arrive in.
 */

export const SYNC_SCHEMA_VERSION = 1;
/** Events per upload batch; a larger request is refused (413) and the uploader splits it. */
export const MAX_BATCH_EVENTS = 500;
/** Bytes of a batch body the server accepts (one event is ~300 bytes; 500 of the largest fit). */
export const MAX_BATCH_BYTES = 512 * 1024;
/** A device clock further than this from the server's at upload is flagged (events still count by their local date). */
export const CLOCK_SKEW_FLAG_SECONDS = 5 * 60;

/**
 * served: a visit that ended (closed). open: a visit still open when the day was swept.
 * no_show: called, did not come. unserved: a ticket never served by the end of its day.
 * void: the arrival no longer counts (a voided ticket); only ever supersedes an earlier event.
 */
export const EVENT_STATUSES = ['served', 'open', 'no_show', 'unserved', 'void'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

const LocalDate = z.iso.date();
const LocalTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/);
/** A year: any real wait or service fits; a visit left open for longer is capped alike on both sides (db/stats.ts). */
export const MAX_EVENT_SECONDS = 366 * 24 * 3600;
const Seconds = z.number().int().min(0).max(MAX_EVENT_SECONDS);

export const StatsEventErrandSchema = z
  .object({
    agency: z.enum(AGENCIES),
    errandKind: z.string().regex(/^[a-z]{2,3}\.[a-z0-9_]{1,60}$/),
    outcome: z.enum(OUTCOMES).nullable(),
    lacksEid: z.boolean(),
    interpreter: z.boolean(),
  })
  .strict()
  .refine((e) => isErrandKindOf(e.agency, e.errandKind), { message: 'unknown errand kind', path: ['errandKind'] });
export type StatsEventErrand = z.infer<typeof StatsEventErrandSchema>;

export const StatsEventSchema = z
  .object({
    id: CanonicalUuid,
    supersedes: CanonicalUuid.nullable(),
    schemaVersion: z.literal(SYNC_SCHEMA_VERSION),
    officeId: z.string().regex(/^[a-z0-9-]{2,60}$/),
    /** The Europe/Stockholm day it counts on: the day the ticket was issued. */
    localDate: LocalDate,
    /** Local time of arrival, HH:mm (minutes only: enough for visits per hour). */
    localTime: LocalTime,
    status: z.enum(EVENT_STATUSES),
    waitingSeconds: Seconds.nullable(),
    serviceSeconds: Seconds.nullable(),
    errands: z.array(StatsEventErrandSchema).max(MAX_ERRANDS_PER_VISIT),
    /** When the device wrote the event, by the device's clock (UTC). */
    recordedAt: z.iso.datetime(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const hasVisit = e.status === 'served' || e.status === 'open';
    if (!hasVisit && (e.errands.length > 0 || e.serviceSeconds !== null || e.waitingSeconds !== null))
      ctx.addIssue({ code: 'custom', path: ['status'], message: `a ${e.status} event carries no visit` });
    if (e.status === 'served' && e.serviceSeconds === null)
      ctx.addIssue({ code: 'custom', path: ['serviceSeconds'], message: 'a served visit has a service time' });
    if (e.status === 'open' && e.serviceSeconds !== null)
      ctx.addIssue({ code: 'custom', path: ['serviceSeconds'], message: 'an open visit has no service time yet' });
    if (e.status === 'void' && e.supersedes === null)
      ctx.addIssue({ code: 'custom', path: ['supersedes'], message: 'a void event replaces an earlier one' });
    if (e.supersedes === e.id)
      ctx.addIssue({ code: 'custom', path: ['supersedes'], message: 'an event cannot replace itself' });
  });
export type StatsEvent = z.infer<typeof StatsEventSchema>;

/** POST /v1/events */
export const EventBatchSchema = z
  .object({
    /** The device's clock when it sent the batch: the server compares it with its own. */
    sentAt: z.iso.datetime(),
    events: z.array(StatsEventSchema).min(1).max(MAX_BATCH_EVENTS),
  })
  .strict();
export type EventBatch = z.infer<typeof EventBatchSchema>;

export interface EventBatchReply {
  /** Every id of the batch the server now holds: newly stored and already had. */
  stored: string[];
  /** Ids the server already holds with different content: never stored twice, never retried. */
  conflicts: string[];
  /**
   * Ids of the batch newly held in quarantine (implausible dates or times): held, so not sent
   * again, but not counted until the service's admin releases them. Absent from older services.
   */
  quarantined?: string[];
  receivedAt: string;
  /** Device clock − server clock at receipt, seconds (positive: the device is ahead). */
  clockSkewSeconds: number;
}

/** The one-time code as the service issued it; only its hash is ever kept. */
export const EnrollmentCode = z
  .string()
  .regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)
  .refine(...NO_PERSONAL_NUMBER);

/**
 * What tells an administrator which computer a device is (`server:admin devices`), kept in
 * the service's devices table: "Lucka 2", "Servicekontor Storuman – dator" (the form's
 * default), "SKV-PC-0412". 1–60 letters (any script), digits, spaces, dashes and . , _ # ( ) /;
 * at most nine digits, so an asset number
 * fits and a personnummer never does, in any spelling (shared/personalData.ts).
 */
export const DeviceName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{Nd}\p{Pd} .,_#()/]+$/u)
  .refine((s) => s.replace(/\P{Nd}/gu, '').length <= 9, { message: 'too_many_digits' })
  .refine(...NO_PERSONAL_NUMBER);

/** An office id as the registry spells it. */
export const OfficeIdSchema = z.string().regex(/^[a-z0-9-]{2,60}$/);

/**
 * The text a device signs with its key to prove, at enrollment, that it holds the key it
 * registers (docs/sync.md, "Devices"). The one-time code in it makes a proof good once.
 * A proof lets a computer enrolled before be enrolled again: its earlier device is made
 * inactive instead of the new one being refused.
 */
export function enrollProofText(code: string, deviceName: string): string {
  return `lucka-enroll-proof/1\n${code.trim().toUpperCase()}\n${deviceName.trim()}`;
}

/** POST /v1/enroll */
export const EnrollRequestSchema = z
  .object({
    code: EnrollmentCode,
    deviceName: DeviceName,
    /** Ed25519 signature (base64) by the device key over enrollProofText(code, deviceName). */
    proof: z
      .string()
      .regex(/^[A-Za-z0-9+/]{86}==$/)
      .optional(),
    /** The office the device is set up for: a code for another office is refused before it is used. */
    officeId: z
      .string()
      .regex(/^[a-z0-9-]{2,60}$/)
      .optional(),
    /** The device's Ed25519 public key (SPKI PEM) that signs its offline statistics files. */
    devicePublicKey: z.string().startsWith('-----BEGIN PUBLIC KEY-----').max(400),
  })
  .strict();
export type EnrollRequest = z.infer<typeof EnrollRequestSchema>;

export interface EnrollReply {
  deviceId: string;
  /** The first office of the device's set (what a service before issue 18 answered alone). */
  officeId: string;
  /** Every office the device may report for (a travelling device: several). Absent from older services. */
  officeIds?: string[];
  /** Earlier enrollments of this computer (the same key) now made inactive. */
  replacedDeviceIds?: string[];
  /** Bearer token: shown once; the server keeps only its hash. */
  token: string;
}

/** GET /v1/device: what the service says about the asking device now (the admin may change its offices). */
export interface DeviceInfoReply {
  deviceId: string;
  officeIds: string[];
}

/** Every error the service answers, as JSON with one of these codes. */
export const SERVER_ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION',
  'UNAUTHORIZED',
  'TOKEN_REVOKED',
  'FORBIDDEN_OFFICE',
  'ENROLLMENT_CODE_INVALID',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

export interface ServerErrorBody {
  error: { code: ServerErrorCode; message: string; details?: { path: string; issue: string }[] };
}

/** GET /v1/guides: what the service offers; each file is a signed package (lucka-guide-package-signed/1). */
export interface GuideIndexEntry {
  packageId: string;
  version: number;
  /** The package's own content hash (sha256:…). */
  hash: string;
  /** Path under /v1 to fetch the signed file from. */
  path: string;
}
export interface GuideIndexReply {
  packages: GuideIndexEntry[];
}

/**
 * The offline statistics file an office without network hands to an administrator.
 * Format 2 (issue 18) also names the offices whose events it holds, under the signature;
 * format 1 files (no `offices`) are still imported.
 */
export const STATS_BUNDLE_FORMAT = 'lucka-stats-bundle/2';
export const STATS_BUNDLE_FORMATS = ['lucka-stats-bundle/1', STATS_BUNDLE_FORMAT] as const;
export const StatsBundleSchema = z
  .object({
    format: z.enum(STATS_BUNDLE_FORMATS),
    createdAt: z.iso.datetime(),
    /** Fingerprint of the signing key (sha256 of its SPKI DER, hex, first 16). */
    keyFingerprint: z.string().regex(/^[0-9a-f]{16}$/),
    publicKeyPem: z.string().startsWith('-----BEGIN PUBLIC KEY-----').max(400),
    /** Format 2: the offices of the events, each once, in id order. */
    offices: z.array(OfficeIdSchema).max(1000).optional(),
    events: z.array(StatsEventSchema).max(5_000_000),
    /** Ed25519 over canonical JSON of { format, createdAt, keyFingerprint, publicKeyPem, offices (format 2), events }. */
    signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.format === 'lucka-stats-bundle/1') {
      if (b.offices !== undefined) ctx.addIssue({ code: 'custom', path: ['offices'], message: 'not in format 1' });
      return;
    }
    const named = b.offices ?? [];
    const held = bundleOffices(b.events);
    if (named.join(',') !== held.join(','))
      ctx.addIssue({ code: 'custom', path: ['offices'], message: 'not the offices of the events' });
  });
/** The offices of some events, each once, in id order: what a format-2 file names. */
export function bundleOffices(events: readonly { officeId: string }[]): string[] {
  return [...new Set(events.map((e) => e.officeId))].sort();
}
export type StatsBundle = z.infer<typeof StatsBundleSchema>;

/** The arrival an event stands for, in the shape computeReport counts; null for a void event. */
export function eventToArrival(e: StatsEvent): StatsArrival | null {
  if (e.status === 'void') return null;
  const hasVisit = e.status === 'served' || e.status === 'open';
  return {
    officeId: e.officeId,
    localDate: e.localDate,
    arrivedAt: stockholmInstant(e.localDate, e.localTime).toISOString(),
    noShow: e.status === 'no_show',
    visit: hasVisit
      ? {
          waitingSeconds: e.waitingSeconds,
          serviceSeconds: e.serviceSeconds,
          errands: e.errands.map((x) => ({ ...x })),
        }
      : null,
  };
}

/**
 * The receipt of an import (`admin import-bundle --receipt FILE`): what the service now holds
 * of a statistics file, per office, for the admin to read and to hand back to the device,
 * which then stops listing those events as waiting (docs/sync.md, "Offline statistics file").
 * It is not signed: a device still sends the events at its next sync and only the service's
 * answer there marks them sent, so a wrong receipt can hide a wait but lose nothing.
 */
export const STATS_RECEIPT_FORMAT = 'lucka-stats-receipt/1';
export const StatsReceiptOfficeSchema = z
  .object({
    officeId: OfficeIdSchema,
    events: z.number().int().min(0),
    /** Stored by this import for the first time. */
    new: z.number().int().min(0),
    /** Already held (an earlier import or upload). */
    alreadyHeld: z.number().int().min(0),
    /** Of the new, held back as implausible (admin quarantine). */
    quarantined: z.number().int().min(0),
    /** Held with other content: not stored again. */
    conflicts: z.number().int().min(0),
  })
  .strict();
export const StatsReceiptSchema = z
  .object({
    format: z.literal(STATS_RECEIPT_FORMAT),
    importedAt: z.iso.datetime(),
    /** The key that signed the file: a device takes only receipts of its own files. */
    keyFingerprint: z.string().regex(/^[0-9a-f]{16}$/),
    bundleCreatedAt: z.iso.datetime(),
    offices: z.array(StatsReceiptOfficeSchema).max(1000),
    /** Every event id of the file the service now holds with the file's content. */
    held: z.array(CanonicalUuid).max(5_000_000),
  })
  .strict();
export type StatsReceipt = z.infer<typeof StatsReceiptSchema>;
export type StatsReceiptOffice = z.infer<typeof StatsReceiptOfficeSchema>;
