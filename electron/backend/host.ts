import type { z } from 'zod';
import {
  RequestEnvelopeSchema,
  channels,
  isChannelName,
  type ChannelName,
  type HostEvent,
  type Reply,
  type Topic,
} from '../../shared/api';
import { AppError, apiError, type IssueDetail } from '../../shared/errors';
import { forRequest, type BackendContext, type RequestCaller, type ServiceContext } from './context';
import type { HandlerTable } from './handlers/types';

export interface Host {
  /** Takes anything a transport delivered; always resolves to a Reply, never throws. */
  handle(raw: unknown, hooks?: RequestHooks): Promise<Reply>;
  /** Events for every window (what changed); returns the unsubscribe. */
  subscribe(listener: (event: HostEvent) => void): () => void;
}

/**
 * What the office hub needs to know of one request to remember its reply
 * (hub/idempotentRequests.ts): both are called only for a request that passed validation.
 */
export interface RequestHooks {
  /** Inside each of the handler's write transactions, with what the transaction returns. */
  inWrite?(result: unknown): void;
  /** Before the reply, with the topics a successful request touched. */
  onChanged?(topics: Topic[]): void;
  /** At the office hub: the paired device that asked, and its officer. */
  caller?: RequestCaller;
}

/** The full host, which can also announce changes made outside a request (housekeeping). */
export interface FullHost extends Host {
  publish(topics: Topic[]): void;
}

export type HostLog = (entry: { level: 'error' | 'info'; msg: string; channel?: string; stack?: string }) => void;

/** Longest input a channel accepts, as JSON: rejects a flood before zod walks it. */
export const MAX_INPUT_BYTES = 64 * 1024;
/** The one big input: a signed guide package file (about 75 kB today, room to grow). */
export const LARGE_INPUT_BYTES: Partial<Record<ChannelName, number>> = {
  'guides.import': 2_200_000,
  // A receipt names every event id of a statistics file: weeks of a travelling officer's offices.
  'sync.importReceipt': 2_200_000,
};

/**
 * The paths and kinds of the bad fields, never the values. A refinement of our own names
 * its issue with a token ("personal_number", "too_many_digits"), which the UI explains.
 */
function zodDetails(error: z.ZodError): IssueDetail[] {
  return error.issues.map((i) => ({
    path: i.path.join('.'),
    issue: i.code === 'custom' && /^[a-z][a-z_]{1,40}$/.test(i.message) ? i.message : i.code,
  }));
}

function envelopeId(raw: unknown): number {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : -1;
}

/**
 * The one place requests enter the backend, whatever the transport (MessagePort,
 * HTTP bridge, Playwright binding, direct call): envelope check, channel lookup,
 * input validation, handler call, typed reply. Hosts add no logic of their own.
 */
export function createHost(table: HandlerTable, ctx: ServiceContext, log: HostLog = () => {}): FullHost {
  const listeners = new Set<(event: HostEvent) => void>();
  function publish(topics: Topic[]) {
    for (const listener of listeners) {
      try {
        listener({ type: 'changed', topics });
      } catch (err) {
        log({ level: 'error', msg: `event listener failed: ${(err as Error).message}` });
      }
    }
  }
  return {
    publish,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async handle(raw, hooks) {
      const envelope = RequestEnvelopeSchema.safeParse(raw);
      if (!envelope.success) {
        return { id: envelopeId(raw), ok: false, error: apiError('BAD_REQUEST', zodDetails(envelope.error)) };
      }
      const { id, channel, input } = envelope.data;
      if (!isChannelName(channel)) return { id, ok: false, error: apiError('UNKNOWN_CHANNEL') };
      let size: number;
      try {
        size = JSON.stringify(input ?? null).length;
      } catch {
        size = Infinity;
      }
      if (size > (LARGE_INPUT_BYTES[channel] ?? MAX_INPUT_BYTES)) {
        return { id, ok: false, error: apiError('VALIDATION', [{ path: '', issue: 'too_big' }]) };
      }
      const parsed = channels[channel].input.safeParse(input);
      if (!parsed.success) return { id, ok: false, error: apiError('VALIDATION', zodDetails(parsed.error)) };
      const touched = new Set<Topic>();
      try {
        const handler = table[channel] as (input: unknown, ctx: BackendContext) => unknown;
        const result = await handler(parsed.data, forRequest(ctx, touched, hooks?.inWrite, hooks?.caller ?? null));
        if (touched.size > 0) {
          hooks?.onChanged?.([...touched]);
          // After the reply has gone out, so a window never hears of a change before its own answer.
          setImmediate(() => publish([...touched]));
        }
        return { id, ok: true, result: result === undefined ? null : result };
      } catch (err) {
        // A failed request changed nothing (its transaction rolled back): nothing to announce.
        if (err instanceof AppError) return { id, ok: false, error: apiError(err.code, err.details) };
        // Unexpected: logged here with its stack, but only a code crosses to the UI.
        log({ level: 'error', msg: (err as Error)?.message ?? String(err), channel, stack: (err as Error)?.stack });
        return { id, ok: false, error: apiError('INTERNAL') };
      }
    },
  };
}
