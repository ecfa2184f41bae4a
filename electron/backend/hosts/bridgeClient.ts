/**
 * Browser side of the preview bridge (build/preview/bridge.js), injected before the
 * renderer: defines window.lucka over fetch to the loopback host. The token arrives in
 * the URL fragment once, is kept for this tab only and removed from the address bar.
 */
import type { HostEvent, LuckaBridge, Reply } from '../../../shared/api';
import { apiError } from '../../../shared/errors';
import { isAllowedExternalUrl } from '../../../shared/externalLinks';

const TOKEN_KEY = 'lucka.previewToken';
const fromHash = /token=([A-Za-z0-9_-]+)/.exec(location.hash)?.[1];
if (fromHash) {
  sessionStorage.setItem(TOKEN_KEY, fromHash);
  history.replaceState(null, '', location.pathname + location.search);
}
const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
let nextId = 1;
const listeners = new Set<(event: HostEvent) => void>();
let reachable = true;

const RETRY_MS = 1000;

/** Raw POST; throws when the host cannot be reached at all. */
function post(id: number, channel: string, input: unknown): Promise<Response> {
  return fetch('./__lucka/request', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ id, channel, input }),
  });
}

/**
 * Like the Electron preload when its backend restarts: say so, keep probing, and say
 * 'ready' once the host answers again (the renderer then reloads its state).
 */
function setReachable(ok: boolean) {
  if (ok === reachable) return;
  reachable = ok;
  listeners.forEach((l) => l({ type: 'backend', state: ok ? 'ready' : 'restarting' }));
  if (!ok) {
    const probe = () =>
      post(0, 'app.status', {})
        .then((res) => (res.ok ? setReachable(true) : setTimeout(probe, RETRY_MS)))
        .catch(() => setTimeout(probe, RETRY_MS));
    setTimeout(probe, RETRY_MS);
  }
}

const bridge: LuckaBridge = {
  async request(channel, input) {
    const id = nextId++;
    try {
      const res = await post(id, channel, input);
      if (!res.ok) return { id, ok: false, error: apiError(res.status === 413 ? 'VALIDATION' : 'BACKEND_UNAVAILABLE') };
      setReachable(true);
      return (await res.json()) as Reply;
    } catch {
      setReachable(false);
      return { id, ok: false, error: apiError('BACKEND_UNAVAILABLE') };
    }
  },
  onEvent(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  async openExternal(url) {
    if (!isAllowedExternalUrl(url)) return false;
    window.open(url, '_blank', 'noopener,noreferrer');
    return true;
  },
};

Object.defineProperty(window, 'lucka', { value: Object.freeze(bridge), writable: false, configurable: false });
