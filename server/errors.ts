import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ServerErrorBody, ServerErrorCode } from '../shared/sync';

type Details = NonNullable<ServerErrorBody['error']['details']>;

/** An error the API answers as `{ error: { code, message, details? } }` with its status (docs/sync.md). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ServerErrorCode,
    message: string,
    readonly details?: Details,
    /** Seconds, for 429 and 503. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The paths of the bad fields, never the values (they could be anything a client sent). */
export function zodDetails(error: z.ZodError): Details {
  return error.issues.slice(0, 50).map((i) => ({ path: i.path.map(String).join('.'), issue: i.message }));
}

export function validationError(error: z.ZodError, message = 'the request does not match the contract'): ApiError {
  return new ApiError(422, 'VALIDATION', message, zodDetails(error));
}

export function sendApiError(reply: FastifyReply, e: ApiError): FastifyReply {
  if (e.retryAfter !== undefined && !reply.hasHeader('retry-after')) reply.header('retry-after', String(e.retryAfter));
  const body: ServerErrorBody = { error: { code: e.code, message: e.message } };
  if (e.details) body.error.details = e.details;
  return reply.code(e.statusCode).type('application/json; charset=utf-8').send(body);
}

/** Parses with the schema or throws a 422 with the paths of the bad fields. */
export function parseOr422<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}
