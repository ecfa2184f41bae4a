import { contextBridge, ipcRenderer } from 'electron';
import type { HostEvent, LuckaBridge } from '../shared/api';
import { TOPICS } from '../shared/topics';
import { PortClient } from './portClient';

/**
 * Sandboxed preload: exposes `window.lucka` (the LuckaBridge) and nothing else. Data
 * requests go over a MessagePort straight to the backend utilityProcess; main only
 * hands out ports and opens allow-listed links.
 */
const listeners = new Set<(event: HostEvent) => void>();
const emit = (event: HostEvent) => listeners.forEach((l) => l(event));
const client = new PortClient(30_000, (event) => {
  // Only well-formed change notices reach the page.
  const e = event as { type?: unknown; topics?: unknown };
  if (e?.type === 'changed' && Array.isArray(e.topics) && e.topics.every((t) => TOPICS.includes(t))) {
    emit({ type: 'changed', topics: e.topics });
  }
});

ipcRenderer.on('lucka:port', (event) => {
  const [port] = event.ports;
  if (!port) return;
  client.attach(port);
  emit({ type: 'backend', state: 'ready' });
});

ipcRenderer.on('lucka:backend', (_event, state: unknown) => {
  if (state === 'restarting' || state === 'down') {
    client.detach();
    emit({ type: 'backend', state });
  }
});

const bridge: LuckaBridge = {
  request: (channel, input) => client.request(String(channel), input),
  onEvent(listener) {
    if (typeof listener !== 'function') return () => {};
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  openExternal: (url) => ipcRenderer.invoke('lucka:open-external', String(url)) as Promise<boolean>,
  openDisplay: () => ipcRenderer.invoke('lucka:open-display') as Promise<boolean>,
  saveExport: (download) =>
    ipcRenderer.invoke('lucka:save-export', String(download.key), String(download.fileName)) as Promise<boolean>,
};

contextBridge.exposeInMainWorld('lucka', bridge);
ipcRenderer.send('lucka:connect');
