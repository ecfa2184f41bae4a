import type {
  DeviceInfoReply,
  EnrollReply,
  EnrollRequest,
  EventBatch,
  EventBatchReply,
  GuideIndexReply,
} from '../../../shared/sync';

/**
 * HTTP to the central service. Every call ends in one of a few outcomes the uploader
 * acts on; nothing throws for a network problem. A call that outlives `timeoutMs` is
 * abandoned (the service may still commit it: the next upload's reply tells).
 */
export type CallResult<T> =
  | { kind: 'ok'; status: number; body: T; etag: string | null }
  | { kind: 'not_modified' }
  | {
      kind: 'http';
      status: number;
      code: string | null;
      retryAfterMs: number | null;
      /** The service's field paths for a 422 (e.g. events.3.errandKind). */
      details: { path: string; issue: string }[] | null;
    }
  | { kind: 'network'; message: string }
  | { kind: 'timeout' };

export interface SyncClientOptions {
  baseUrl: string;
  token?: string | null;
  timeoutMs: number;
  fetch?: typeof fetch;
}

function retryAfterMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export class SyncClient {
  private readonly doFetch: typeof fetch;
  constructor(private readonly options: SyncClientOptions) {
    this.doFetch = options.fetch ?? fetch;
  }

  private async call<T>(
    path: string,
    init: { method?: string; body?: unknown; rawBody?: string; etag?: string | null; text?: boolean } = {},
  ): Promise<CallResult<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (init.body !== undefined || init.rawBody !== undefined) headers['content-type'] = 'application/json';
    if (init.etag) headers['if-none-match'] = init.etag;
    let response: Response;
    try {
      response = await this.doFetch(`${this.options.baseUrl}/v1${path}`, {
        method: init.method ?? 'GET',
        headers,
        body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
        signal: AbortSignal.timeout(this.options.timeoutMs),
        // A redirect could carry the code or the events to plain http: refused, never followed.
        redirect: 'error',
      });
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
      return { kind: 'network', message: (err as Error).message };
    }
    try {
      if (response.status === 304) return { kind: 'not_modified' };
      const text = await response.text();
      if (!response.ok) {
        let code: string | null = null;
        let details: { path: string; issue: string }[] | null = null;
        try {
          const error = (JSON.parse(text) as { error?: { code?: string; details?: unknown } }).error;
          code = error?.code ?? null;
          if (Array.isArray(error?.details)) details = error.details as { path: string; issue: string }[];
        } catch {
          // A proxy's HTML error page: the status says enough.
        }
        return {
          kind: 'http',
          status: response.status,
          code,
          retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
          details,
        };
      }
      const body = (init.text ? text : JSON.parse(text)) as T;
      return { kind: 'ok', status: response.status, body, etag: response.headers.get('etag') };
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
      // A reply cut off mid-body, or not JSON: as good as no reply.
      return { kind: 'network', message: (err as Error).message };
    }
  }

  health() {
    return this.call<{ status: string }>('/health');
  }
  enroll(request: EnrollRequest) {
    return this.call<EnrollReply>('/enroll', { method: 'POST', body: request });
  }
  /** A batch (EventBatch), or its JSON text when the caller has it already. */
  upload(batch: EventBatch | string) {
    return this.call<EventBatchReply>('/events', {
      method: 'POST',
      ...(typeof batch === 'string' ? { rawBody: batch } : { body: batch }),
    });
  }
  /** The offices the service trusts this device for now (404 from a service before issue 18). */
  device() {
    return this.call<DeviceInfoReply>('/device');
  }
  guideIndex(etag: string | null) {
    return this.call<GuideIndexReply>('/guides', { etag });
  }
  /** A signed package file, as text: it is verified by the guide store, byte for byte. */
  guideFile(path: string) {
    return this.call<string>(path.startsWith('/v1/') ? path.slice(3) : path, { text: true });
  }
  registry(etag: string | null) {
    return this.call<string>('/registry', { etag, text: true });
  }
}
