import { describe, expect, it, vi } from 'vitest';
import type { HostEvent, LuckaBridge } from '../../../shared/api';
import { createFakeElectron, type FakeElectron } from '../../support/fakeElectron';

let fake: FakeElectron;
vi.mock('electron', () => ({
  get contextBridge() {
    return fake.module.contextBridge;
  },
  get ipcRenderer() {
    return fake.module.ipcRenderer;
  },
}));

async function loadPreload() {
  fake = createFakeElectron();
  vi.resetModules();
  await import('../../../electron/preload');
  return fake.exposed.get('lucka') as LuckaBridge;
}

/** A backend stand-in on a real MessageChannel: answers every request with its channel name. */
function echoBackend() {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = (e: MessageEvent) => {
    const { id, channel } = e.data as { id: number; channel: string };
    port1.postMessage({ id, ok: true, result: channel });
  };
  return { rendererPort: port2, backendPort: port1 };
}

describe('electron/preload', () => {
  it('exposes exactly window.lucka with five functions, and asks main for a port', async () => {
    const lucka = await loadPreload();
    expect(fake.module.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...fake.exposed.keys()]).toEqual(['lucka']);
    expect(Object.keys(lucka).sort()).toEqual(['onEvent', 'openDisplay', 'openExternal', 'request', 'saveExport']);
    expect(fake.ipcRenderer.send).toHaveBeenCalledWith('lucka:connect');
  });

  it('sends requests over the MessagePort and waits for one if none is attached yet', async () => {
    const lucka = await loadPreload();
    const events: HostEvent[] = [];
    lucka.onEvent((e) => events.push(e));
    const early = lucka.request('app.status', {});

    const { rendererPort, backendPort } = echoBackend();
    fake.rendererListeners.get('lucka:port')!({ ports: [rendererPort] });
    expect(events).toEqual([{ type: 'backend', state: 'ready' }]);
    expect(await early).toMatchObject({ ok: true, result: 'app.status' });
    expect(await lucka.request('visits.today', {})).toMatchObject({ ok: true, result: 'visits.today' });
    backendPort.close();
  });

  it('fails requests in flight when the backend restarts, and tells the page', async () => {
    const lucka = await loadPreload();
    const events: HostEvent[] = [];
    lucka.onEvent((e) => events.push(e));
    const { port1: silentBackend, port2 } = new MessageChannel(); // never answers
    fake.rendererListeners.get('lucka:port')!({ ports: [port2] });
    const inFlight = lucka.request('visits.close', { visitId: 'x' });
    fake.rendererListeners.get('lucka:backend')!({}, 'restarting');
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'BACKEND_UNAVAILABLE' } });
    expect(events.at(-1)).toEqual({ type: 'backend', state: 'restarting' });
    // Garbage states from main are ignored.
    fake.rendererListeners.get('lucka:backend')!({}, '<script>');
    expect(events).toHaveLength(2);
    silentBackend.close();
  });

  it('forwards well-formed live updates from the backend, and drops anything else', async () => {
    const lucka = await loadPreload();
    const events: HostEvent[] = [];
    lucka.onEvent((e) => events.push(e));
    const { port1: backend, port2 } = new MessageChannel();
    fake.rendererListeners.get('lucka:port')!({ ports: [port2] });
    backend.postMessage({ event: { type: 'changed', topics: ['evil'] } });
    backend.postMessage({ event: { type: 'backend', state: 'down' } }); // only main may say that
    backend.postMessage({ event: { type: 'changed', topics: ['queue', 'visits'] } });
    await vi.waitFor(() => expect(events.filter((e) => e.type === 'changed')).toHaveLength(1));
    expect(events).toEqual([
      { type: 'backend', state: 'ready' },
      { type: 'changed', topics: ['queue', 'visits'] },
    ]);
    backend.close();
  });

  it('passes openExternal to main as a plain string (main decides)', async () => {
    const lucka = await loadPreload();
    await lucka.openExternal({ toString: () => 'https://www.skatteverket.se/' } as unknown as string);
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith('lucka:open-external', 'https://www.skatteverket.se/');
  });

  it('passes saveExport to main as plain strings (main checks them and shows the save dialog)', async () => {
    const lucka = await loadPreload();
    await lucka.saveExport({ key: 'k'.repeat(32), fileName: 'lucka-stockholm-besok.xlsx' });
    expect(fake.ipcRenderer.invoke).toHaveBeenCalledWith(
      'lucka:save-export',
      'k'.repeat(32),
      'lucka-stockholm-besok.xlsx',
    );
  });
});
