import type { ChannelInput, ChannelName, ChannelResult, HostEvent, LuckaBridge } from '../../shared/api';
import type { ApiError } from '../../shared/errors';

declare global {
  interface Window {
    lucka?: LuckaBridge;
  }
}

/** A typed error reply from the backend, carried as an exception through the store. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.code);
    this.name = 'ApiFailure';
  }
}

function bridge(): LuckaBridge {
  if (!window.lucka) throw new ApiFailure({ code: 'BACKEND_UNAVAILABLE', messageKey: 'errors.BACKEND_UNAVAILABLE' });
  return window.lucka;
}

/**
 * The renderer's only way to the backend: typed by shared/api.ts, unaware of which
 * host (Electron preload, preview bridge, test binding) stands behind window.lucka.
 */
export async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelResult<C>> {
  const reply = await bridge().request(channel, input);
  if (reply.ok) return reply.result as ChannelResult<C>;
  throw new ApiFailure(reply.error);
}

export function onHostEvent(listener: (event: HostEvent) => void): () => void {
  return window.lucka ? window.lucka.onEvent(listener) : () => {};
}

export function openExternal(url: string): Promise<boolean> {
  return bridge().openExternal(url);
}

export function openDisplay(): Promise<boolean> {
  return bridge().openDisplay();
}

export function saveExport(download: { key: string; fileName: string }): Promise<boolean> {
  return bridge().saveExport(download);
}

export function toApiError(err: unknown): ApiError {
  return err instanceof ApiFailure ? err.error : { code: 'INTERNAL', messageKey: 'errors.INTERNAL' };
}
