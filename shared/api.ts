import { z } from 'zod';
import { AGENCIES, CORRECTION_REASONS, OUTCOMES, OVERRIDE_REASONS, isErrandKindOf, type ErrandKind } from './domain';
import type { ApiError } from './errors';
import type { Office } from './offices';
import { NO_PERSONAL_NUMBER } from './personalData';
import type { PolicyState } from './policy';
import { EXPORT_FORMATS, STATS_TABLES, type StatsReport } from './stats';
import { CanonicalUuid } from './ids';
import { DeviceName, EnrollmentCode } from './sync';

/**
 * The contract: every thing the UI can ask for is one channel here, with the zod
 * schema its input must pass and the type of its result. The backend implements
 * this table once (electron/backend/handlers); every host serves the same table.
 */

const Empty = z.object({}).strict();
const Id = CanonicalUuid;
/**
 * The officer's short signature (e.g. "ANLA", "ANLA2"): the officer's own id, never a
 * visitor's. Letters first and at most two digits, so no personnummer fits.
 */
/** The officer's short id; also the header a counter device sends the hub with each request. */
export const Signature = z
  .string()
  .trim()
  .regex(/^[A-Za-zÅÄÖåäö]{2,8}[0-9]{0,2}$/)
  .transform((s) => s.toUpperCase());
const OfficeId = z.string().regex(/^[a-z0-9-]{2,60}$/);
const QueueLetter = z.string().regex(/^[A-Z]$/);
const CounterRef = z.object({ counterId: Id }).strict();
const TicketAtCounter = z.object({ counterId: Id, ticketId: Id }).strict();
/**
 * A booking's own code, as the visitor reads it from the confirmation (e.g. "BK-4711",
 * "SKV-20931"): letters A–Z and digits in groups joined by hyphens, 3–20 characters, at
 * least one digit. Never a name (no run of more than four letters, so "ANNA-SVENSSON" is
 * refused) and never a personnummer (at most nine digits, so none fits in any spelling).
 */
const BookingReference = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(
    z
      .string()
      .regex(/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/)
      .min(3)
      .max(20)
      .refine((s) => /\d/.test(s), { message: 'booking_reference_format' })
      .refine((s) => !/[A-Z]{5}/.test(s), { message: 'booking_reference_format' })
      .refine((s) => s.replace(/\D/g, '').length <= 9, { message: 'booking_reference_format' })
      .refine(...NO_PERSONAL_NUMBER),
  );
const IsoInstant = z.iso.datetime({ offset: true });
/**
 * Free text the officer writes; kept short, sensitive (docs/domain.md, Privacy), and never a
 * personnummer in any spelling (shared/personalData.ts).
 */
const Note = z
  .string()
  .trim()
  .max(1000)
  .refine(...NO_PERSONAL_NUMBER);
/**
 * A queue's public label, shown on the kiosk and the waiting-room display ("Skatteverket",
 * "Bokade besök", "Pass & ID-kort 2"): 2–40 letters (any script), digits, spaces and
 * - & / , . ( ) '. At most four digits: a label needs a number, never a long one, so no
 * personnummer fits whatever its spelling.
 */
const QueueName = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[\p{L}\p{Nd} &/,.()'-]+$/u)
  .refine((s) => s.replace(/\P{Nd}/gu, '').length <= 4, { message: 'too_many_digits' })
  .refine(...NO_PERSONAL_NUMBER);
const Language = z.string().regex(/^[a-z]{2,3}$/);
/** An errand kind's shape ("skv.id_card"): an unknown one is the handler's GUIDE_NOT_FOUND, never free text. */
const ErrandKindToken = z.string().regex(/^[a-z]{2,3}\.[a-z0-9_]{1,60}$/);
/** Ids in a guide (options, items) are lower-case words; dates are ISO days. Neither can hold a personnummer. */
const GuideToken = z.string().regex(/^[a-z][a-z0-9_]{0,47}$/);
/**
 * What the officer answered in a guide: option ids, ISO dates, small numbers (ages, day
 * counts: a personnummer is far too large), ticked items, acknowledgements.
 */
const GuideAnswers = z
  .record(
    GuideToken,
    z.union([
      GuideToken,
      z.iso.date(),
      z.number().int().min(-99_999).max(99_999),
      z.array(GuideToken).max(50),
      z.literal(true),
    ]),
  )
  .refine((a) => Object.keys(a).length <= 200, { message: 'too many answers' });

/** The result types live in apiResults.ts; importing them from here keeps one door to the contract. */
export type * from './apiResults';
import type {
  AppStatus,
  Setup,
  OfficeConfirmation,
  Visit,
  VisitCorrection,
  QueueConfig,
  Counter,
  Ticket,
  Appointment,
  TicketEvent,
  QueueSnapshot,
  KioskQueue,
  DisplaySnapshot,
  GuideCatalogEntry,
  GuideBundle,
  InstalledGuidePackage,
  GuideImportResult,
  SupervisorStatus,
  SupervisorSession,
  StatsJob,
  TodayLog,
  SyncStatus,
  StatsBundleFile,
  ReceiptResult,
  HubDevice,
  HubDeviceAdded,
  HubStatus,
  HubLinkStatus,
  ArrivalHandover,
  HubTakeoverStatus,
} from './apiResults';

interface Channel<I extends z.ZodType, R> {
  input: I;
  /** Phantom: carries the result type, never read at run time. */
  result?: R;
}
function channel<R>() {
  return <I extends z.ZodType>(input: I): Channel<I, R> => ({ input });
}

const Passphrase = z.string().min(10).max(200);
/** A device's one-time pairing code as the supervisor reads it off the hub (made by electron/backend/hub/pairingCode.ts). */
const PairingCode = z
  .string()
  .trim()
  .transform((c) => c.toUpperCase())
  .pipe(z.string().regex(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/));
/** The hub's address as typed: a host name or IP, a port, optionally https:// in front. */
const HubAddress = z
  .string()
  .trim()
  .max(300)
  .regex(/^(https:\/\/)?(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253}):[0-9]{1,5}\/?$/);
const SupervisorToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const LocalDate = z.iso.date();
/** A supervisor's range of local days: at most two years, from ≤ to. */
const statsRangeFields = {
  token: SupervisorToken,
  from: LocalDate,
  to: LocalDate,
  serviceLevelMinutes: z.number().int().min(1).max(240).optional(),
};
const RANGE_RULE = { message: 'from must not be after to, and the range at most two years', path: ['to'] };
const validRange = (r: { from: string; to: string }) =>
  r.from <= r.to && Date.parse(r.to) - Date.parse(r.from) <= 731 * 86_400_000;

export const channels = {
  'app.status': channel<AppStatus>()(Empty),
  'offices.list': channel<Office[]>()(Empty),
  'setup.get': channel<Setup | null>()(Empty),
  'setup.save': channel<Setup>()(z.object({ officeId: OfficeId, officerSignature: Signature }).strict()),
  /** Whether the office must be confirmed before the counter opens (first start of the day, after a switch). */
  'setup.confirmation': channel<OfficeConfirmation>()(Empty),
  /** "Ja, jag arbetar här": the office named must be the one set up now. */
  'setup.confirmOffice': channel<OfficeConfirmation>()(z.object({ officeId: OfficeId }).strict()),
  'visits.start': channel<Visit>()(Empty),
  'visits.current': channel<Visit | null>()(Empty),
  'visits.addErrand': channel<Visit>()(
    z
      .object({ visitId: Id, agency: z.enum(AGENCIES), errandKind: z.string().max(60) })
      .strict()
      .refine((v) => isErrandKindOf(v.agency, v.errandKind), {
        path: ['errandKind'],
        message: 'errand kind does not belong to the agency',
      })
      // The refine above proved it; carry the narrower type to the handler.
      .transform((v) => ({ ...v, errandKind: v.errandKind as ErrandKind })),
  ),
  'visits.setOutcome': channel<Visit>()(
    // A reason is required (by the handler) when the outcome differs from the one the errand's guide reached.
    z.object({ errandId: Id, outcome: z.enum(OUTCOMES), reason: z.enum(OVERRIDE_REASONS).optional() }).strict(),
  ),
  'visits.close': channel<Visit>()(z.object({ visitId: Id }).strict()),
  'visits.today': channel<TodayLog>()(Empty),
  'visits.updateErrand': channel<Visit>()(
    z
      .object({
        errandId: Id,
        lacksEid: z.boolean().optional(),
        interpreter: z.boolean().optional(),
        language: Language.nullable().optional(),
        note: Note.nullable().optional(),
      })
      .strict(),
  ),
  'visits.reopen': channel<Visit>()(z.object({ visitId: Id, reason: z.enum(CORRECTION_REASONS).optional() }).strict()),
  'visits.history': channel<VisitCorrection[]>()(z.object({ visitId: Id }).strict()),

  'guides.catalog': channel<GuideCatalogEntry[]>()(Empty),
  'guides.get': channel<GuideBundle>()(z.object({ errandKind: ErrandKindToken }).strict()),
  /** Opens the guide for an errand of the open visit, pinning the version it will be walked with. */
  'guides.open': channel<GuideBundle>()(z.object({ errandId: Id }).strict()),
  /** The backend walks the pinned guide with these answers and records the outcome it reaches. */
  'guides.record': channel<Visit>()(z.object({ errandId: Id, answers: GuideAnswers }).strict()),
  'guides.packages': channel<InstalledGuidePackage[]>()(Empty),
  /** A signed package file's text, read by the renderer from a file the officer picked. */
  'guides.import': channel<GuideImportResult>()(z.object({ content: z.string().min(2).max(2_000_000) }).strict()),

  'queue.snapshot': channel<QueueSnapshot>()(Empty),
  'queue.display': channel<DisplaySnapshot>()(Empty),
  'queue.kiosk': channel<KioskQueue[]>()(Empty),
  'queues.save': channel<QueueConfig[]>()(
    z
      .object({
        letter: QueueLetter,
        name: QueueName,
        agencies: z.array(z.enum(AGENCIES)).max(AGENCIES.length),
        errandKinds: z.array(z.string().max(60)).max(40),
        priority: z.number().int().min(-100).max(100),
        kiosk: z.boolean(),
        active: z.boolean(),
      })
      .strict()
      .refine((q) => q.errandKinds.every((k) => AGENCIES.some((a) => isErrandKindOf(a, k))), {
        path: ['errandKinds'],
        message: 'unknown errand kind',
      })
      .transform((q) => ({ ...q, errandKinds: q.errandKinds as ErrandKind[] })),
  ),
  'counters.open': channel<Counter[]>()(z.object({ counterId: Id, officerSignature: Signature.optional() }).strict()),
  'counters.close': channel<Counter[]>()(CounterRef),
  'tickets.issue': channel<Ticket>()(
    z.object({ queueLetter: QueueLetter, source: z.enum(['officer', 'kiosk']) }).strict(),
  ),
  'tickets.callNext': channel<Ticket | null>()(CounterRef),
  'tickets.call': channel<Ticket>()(TicketAtCounter),
  'tickets.recall': channel<Ticket>()(TicketAtCounter),
  'tickets.noShow': channel<Ticket>()(TicketAtCounter),
  'tickets.requeue': channel<Ticket>()(TicketAtCounter),
  'tickets.serve': channel<Visit>()(TicketAtCounter),
  /** Office hub, asked by a paired counter only: serve, and hand the arrival to that counter PC (decision 0008). */
  'tickets.handOver': channel<ArrivalHandover>()(TicketAtCounter),
  /** Office hub, asked by the counter PC the ticket was handed to: its visit closed, the ticket is done. */
  'tickets.finish': channel<Ticket>()(TicketAtCounter),
  'tickets.transfer': channel<Ticket>()(z.object({ ticketId: Id, queueLetter: QueueLetter }).strict()),
  'tickets.cancel': channel<Ticket>()(z.object({ ticketId: Id }).strict()),
  'tickets.history': channel<TicketEvent[]>()(z.object({ ticketId: Id }).strict()),
  'appointments.book': channel<Appointment>()(
    z
      .object({
        queueLetter: QueueLetter,
        reference: BookingReference,
        scheduledAt: IsoInstant,
        agency: z.enum(AGENCIES).nullable(),
        errandKind: z.string().max(60).nullable(),
      })
      .strict()
      .refine((a) => a.errandKind === null || (a.agency !== null && isErrandKindOf(a.agency, a.errandKind)), {
        path: ['errandKind'],
        message: 'errand kind does not belong to the agency',
      })
      .transform((a) => ({ ...a, errandKind: a.errandKind as ErrandKind | null })),
  ),
  'appointments.checkIn': channel<Ticket>()(z.object({ reference: BookingReference }).strict()),

  'supervisor.status': channel<SupervisorStatus>()(z.object({ officeId: OfficeId }).strict()),
  'supervisor.unlock': channel<SupervisorSession>()(z.object({ officeId: OfficeId, passphrase: Passphrase }).strict()),
  /** First time: no `current`. Afterwards the current passphrase is required. */
  'supervisor.setPassphrase': channel<SupervisorSession>()(
    z.object({ officeId: OfficeId, passphrase: Passphrase, current: Passphrase.optional() }).strict(),
  ),
  'supervisor.lock': channel<null>()(z.object({ token: SupervisorToken }).strict()),
  /** Offices this device holds figures for (travelling staff may hold several). */
  'stats.offices': channel<string[]>()(Empty),
  'stats.report': channel<StatsReport>()(z.object(statsRangeFields).strict().refine(validRange, RANGE_RULE)),
  /** Starts an export off the request path; answers at once with the running job (progress via the `stats` topic). */
  'stats.export': channel<StatsJob>()(
    z
      .object({
        ...statsRangeFields,
        table: z.enum(STATS_TABLES),
        format: z.enum(EXPORT_FORMATS),
        lang: z.enum(['sv', 'en']),
      })
      .strict()
      .refine(validRange, RANGE_RULE),
  ),
  'stats.job': channel<StatsJob>()(z.object({ token: SupervisorToken, jobId: z.string().uuid() }).strict()),
  'stats.cancel': channel<StatsJob>()(z.object({ token: SupervisorToken, jobId: z.string().uuid() }).strict()),

  // The central statistics service (docs/sync.md).
  'sync.status': channel<SyncStatus>()(Empty),
  'sync.enroll': channel<SyncStatus>()(
    z
      .object({
        /** Stored in the settings: a path could carry anything, so it gets the personal-number rule too. */
        serverUrl: z
          .string()
          .trim()
          .min(8)
          .max(300)
          .refine(...NO_PERSONAL_NUMBER),
        code: z
          .string()
          .trim()
          .transform((c) => c.toUpperCase())
          .pipe(EnrollmentCode),
        deviceName: DeviceName,
      })
      .strict(),
  ),
  'sync.now': channel<SyncStatus>()(Empty),
  'sync.exportBundle': channel<StatsBundleFile>()(Empty),
  'sync.disconnect': channel<SyncStatus>()(Empty),
  /** An import receipt the admin handed back (admin import-bundle --receipt): its JSON text. */
  'sync.importReceipt': channel<ReceiptResult>()(z.object({ content: z.string().min(2).max(2_000_000) }).strict()),

  // Managed configuration: what IT's policy file presets and locks (shared/policy.ts).
  'policy.get': channel<PolicyState>()(Empty),
  // The office hub (docs/decisions/0005-office-hub.md, 0008): devices paired to this installation.
  'hub.status': channel<HubStatus>()(Empty),
  'hub.addDevice': channel<HubDeviceAdded>()(
    z.object({ token: SupervisorToken, name: DeviceName, role: z.enum(['counter', 'kiosk', 'display']) }).strict(),
  ),
  'hub.devices': channel<HubDevice[]>()(z.object({ token: SupervisorToken }).strict()),
  'hub.revoke': channel<HubDevice>()(z.object({ token: SupervisorToken, deviceId: Id }).strict()),
  /** The paired counter that mirrors the queue and may take it over (null: none). */
  'hub.setStandby': channel<HubStatus>()(z.object({ token: SupervisorToken, deviceId: Id.nullable() }).strict()),
  // This installation's link to its office hub; always answered by this installation itself.
  'hubLink.status': channel<HubLinkStatus>()(Empty),
  'hubLink.pair': channel<HubLinkStatus>()(z.object({ address: HubAddress, code: PairingCode }).strict()),
  'hubLink.unpair': channel<HubLinkStatus>()(Empty),
  // Taking over a dead hub on its standby PC (decision 0008): the office's supervisor passphrase.
  'hubLink.takeoverStatus': channel<HubTakeoverStatus>()(Empty),
  'hubLink.takeOver': channel<HubTakeoverStatus>()(z.object({ passphrase: Passphrase }).strict()),
} as const;

export type ChannelName = keyof typeof channels;
export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];
export type ChannelInput<C extends ChannelName> = z.input<(typeof channels)[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<(typeof channels)[C]['input']>;
export type ChannelResult<C extends ChannelName> = (typeof channels)[C] extends Channel<z.ZodType, infer R> ? R : never;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/** What a host receives. `id` pairs the reply with the request. */
export const RequestEnvelopeSchema = z
  .object({
    id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    channel: z.string().max(64),
    input: z.unknown(),
  })
  .strict();
export type RequestEnvelope = z.infer<typeof RequestEnvelopeSchema>;

export type Reply<R = unknown> = { id: number; ok: true; result: R } | { id: number; ok: false; error: ApiError };

export { TOPICS, type Topic } from './topics';
import type { Topic } from './topics';

/** Pushed by a host to the renderer outside of any request. */
export type HostEvent =
  { type: 'backend'; state: 'ready' | 'restarting' | 'down' } | { type: 'changed'; topics: Topic[] };

/**
 * What every host puts on `window.lucka`: the Electron preload, the preview's HTTP
 * bridge and the e2e binding. Deliberately tiny: the typed client is built on it
 * in the renderer, so no host can add logic.
 */
export interface LuckaBridge {
  request(channel: string, input: unknown): Promise<Reply>;
  onEvent(listener: (event: HostEvent) => void): () => void;
  /** Opens an allow-listed https agency page in the system browser. */
  openExternal(url: string): Promise<boolean>;
  /** Opens the waiting-room display (a second window, for another screen). */
  openDisplay(): Promise<boolean>;
  /**
   * Saves a finished statistics export (stats.job's downloadKey): Electron asks where with
   * its save dialog and moves the file there; the preview hands it to the browser as a
   * download. The file never passes through the page's memory. False when not saved.
   */
  saveExport(download: { key: string; fileName: string }): Promise<boolean>;
}
