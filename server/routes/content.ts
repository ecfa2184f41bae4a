import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canonicalJson } from '../../shared/canonicalJson';
import type { GuideIndexReply } from '../../shared/sync';
import { sha256Hex } from '../auth';
import { ApiError, parseOr422 } from '../errors';
import type { RouteContext } from './context';

/** True when If-None-Match names this entity tag (a list, weak tags and `*` included). */
function notModified(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Sends the text with its ETag, or 304 when the client already has it. */
function sendWithEtag(request: FastifyRequest, reply: FastifyReply, etag: string, text: string): FastifyReply {
  reply.header('etag', etag).header('cache-control', 'no-cache');
  if (notModified(request, etag)) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(text);
}

const GuideParams = z
  .object({
    packageId: z.string().regex(/^[a-z]{2,10}$/),
    version: z.coerce.number().int().positive().max(999_999_999),
  })
  .strict();

/** Any valid token (device or analyst) may read what is published; requireToken has checked it. */
export function contentRoutes(app: FastifyInstance, { store, tokenRoute: options }: RouteContext): void {
  app.get('/v1/guides', options, async (request, reply) => {
    const guides = await store.latestGuides();
    const body: GuideIndexReply = {
      packages: guides.map((g) => ({
        packageId: g.packageId,
        version: g.version,
        hash: g.hash,
        path: `/guides/${g.packageId}/${g.version}`,
      })),
    };
    const text = JSON.stringify(body);
    return sendWithEtag(request, reply, `"${sha256Hex(canonicalJson(body))}"`, text);
  });

  app.get('/v1/guides/:packageId/:version', options, async (request, reply) => {
    const params = parseOr422(GuideParams, request.params);
    const guide = await store.guide(params.packageId, params.version);
    if (!guide) throw new ApiError(404, 'NOT_FOUND', 'no such guide package version');
    return sendWithEtag(request, reply, `"${sha256Hex(guide.text)}"`, guide.text);
  });

  app.get('/v1/registry', options, async (request, reply) => {
    const registry = await store.registry();
    if (!registry) throw new ApiError(404, 'NOT_FOUND', 'no office registry has been published');
    return sendWithEtag(request, reply, `"${registry.hash}"`, registry.text);
  });
}
