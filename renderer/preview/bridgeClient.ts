/**
 * Browser side of the preview bridge (build/preview/bridge.js), injected before the
 * renderer: defines window.lucka over fetch to the loopback host, with live updates
 * from its event stream. The token arrives in the URL fragment once, is kept for this
 * tab only and removed from the address bar.
 */
import type { HostEvent, LuckaBridge, Reply } from '../../shared/api';
import { apiError } from '../../shared/errors';
import { isAllowedExternalUrl } from '../../shared/externalLinks';

const TOKEN_KEY = 'lucka.previewToken';
const RETRY_MS = 1000;
const fromHash = /token=([A-Za-z0-9_-]+)/.exec(location.hash)?.[1];
if (fromHash) {
  sessionStorage.setItem(TOKEN_KEY, fromHash);
  history.replaceState(null, '', location.pathname + location.search + location.hash.replace(/[#&]?token=[^&]*/, ''));
}
const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
const auth = { authorization: `Bearer ${token}` };
let nextId = 1;
const listeners = new Set<(event: HostEvent) => void>();
const emit = (event: HostEvent) => listeners.forEach((l) => l(event));
let reachable = true;

/** Raw POST; throws when the host cannot be reached at all. */
function post(id: number, channel: string, input: unknown): Promise<Response> {
  return fetch('./__lucka/request', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
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
  emit({ type: 'backend', state: ok ? 'ready' : 'restarting' });
  if (ok) {
    void listen();
    return;
  }
  const probe = () =>
    post(0, 'app.status', {})
      .then((res) => (res.ok ? setReachable(true) : setTimeout(probe, RETRY_MS)))
      .catch(() => setTimeout(probe, RETRY_MS));
  setTimeout(probe, RETRY_MS);
}

/** Reads the server-sent event stream until it breaks; then the host counts as gone. */
async function listen(): Promise<void> {
  try {
    const res = await fetch('./__lucka/events', { headers: auth });
    if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = buffer
          .slice(0, end)
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('');
        buffer = buffer.slice(end + 2);
        if (data) emit(JSON.parse(data) as HostEvent);
      }
    }
  } catch {
    // fall through: the stream is gone
  }
  setReachable(false);
}

const bridge: LuckaBridge = {
  async request(channel, input) {
    const id = nextId++;
    try {
      const res = await post(id, channel, input);
      // Any HTTP answer means the host is there; only a 5xx or no answer is "unavailable".
      if (res.status < 500) setReachable(true);
      if (res.ok) return (await res.json()) as Reply;
      if (res.status === 413) return { id, ok: false, error: apiError('VALIDATION') };
      return { id, ok: false, error: apiError(res.status < 500 ? 'BAD_REQUEST' : 'BACKEND_UNAVAILABLE') };
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
  async saveExport({ key, fileName }) {
    // The key is the capability (single use, random): a plain link the browser downloads.
    const link = document.createElement('a');
    link.href = `./__lucka/download/${encodeURIComponent(key)}`;
    link.download = fileName;
    link.click();
    return true;
  },
  async openDisplay() {
    // Same origin, with opener: the new tab inherits this tab's session token.
    window.open('./#/display', 'lucka-display');
    return true;
  },
};

Object.defineProperty(window, 'lucka', { value: Object.freeze(bridge), writable: false, configurable: false });
void listen();
