import { z } from 'zod';
import { AGENCIES, OUTCOMES, isErrandKindOf, type Agency, type ErrandKind, type Outcome } from './domain';
import type { ApiError } from './errors';
import type { Office } from './offices';

/**
 * The contract: every thing the UI can ask for is one channel here, with the zod
 * schema its input must pass and the type of its result. The backend implements
 * this table once (electron/backend/handlers); every host serves the same table.
 */

const Empty = z.object({}).strict();
const Id = z.uuid();
/**
 * The officer's short signature (e.g. "ANLA", "ANLA2"): the officer's own id, never a
 * visitor's. Letters first and at most two digits, so no personnummer fits.
 */
const Signature = z
  .string()
  .trim()
  .regex(/^[A-Za-zÅÄÖåäö]{2,8}[0-9]{0,2}$/)
  .transform((s) => s.toUpperCase());
const OfficeId = z.string().regex(/^[a-z0-9-]{2,60}$/);

export interface AppStatus {
  appVersion: string;
  schemaVersion: number;
  /** True when the last run did not close the database cleanly and it was checked. */
  recoveredFromUncleanShutdown: boolean;
}

export interface Setup {
  officeId: string;
  officerSignature: string;
}

export interface Errand {
  id: string;
  visitId: string;
  position: number;
  agency: Agency;
  errandKind: ErrandKind;
  outcome: Outcome | null;
  createdAt: string;
}

export interface Visit {
  id: string;
  officeId: string;
  officerSignature: string;
  startedAt: string;
  /** Local day in Europe/Stockholm the visit counts on. */
  localDate: string;
  closedAt: string | null;
  errands: Errand[];
}

export interface TodayLog {
  localDate: string;
  visits: Visit[];
}

interface Channel<I extends z.ZodType, R> {
  input: I;
  /** Phantom: carries the result type, never read at run time. */
  result?: R;
}
function channel<R>() {
  return <I extends z.ZodType>(input: I): Channel<I, R> => ({ input });
}

export const channels = {
  'app.status': channel<AppStatus>()(Empty),
  'offices.list': channel<Office[]>()(Empty),
  'setup.get': channel<Setup | null>()(Empty),
  'setup.save': channel<Setup>()(z.object({ officeId: OfficeId, officerSignature: Signature }).strict()),
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
  'visits.setOutcome': channel<Visit>()(z.object({ errandId: Id, outcome: z.enum(OUTCOMES) }).strict()),
  'visits.close': channel<Visit>()(z.object({ visitId: Id }).strict()),
  'visits.today': channel<TodayLog>()(Empty),
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

/** Pushed by a host to the renderer outside of any request (connection state now; live updates later). */
export type HostEvent = { type: 'backend'; state: 'ready' | 'restarting' | 'down' };

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
}
