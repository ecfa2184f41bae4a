import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createFakeElectron, type FakeElectron } from '../../support/fakeElectron';

let fake: FakeElectron;
// Resolved on each access, so every test sees the fake it created.
vi.mock('electron', () => {
  const keys = [
    'app',
    'BrowserWindow',
    'Menu',
    'session',
    'ipcMain',
    'utilityProcess',
    'MessageChannelMain',
    'shell',
    'safeStorage',
  ];
  return Object.defineProperties(
    {},
    Object.fromEntries(
      keys.map((k) => [k, { enumerable: true, get: () => (fake.module as Record<string, unknown>)[k] }]),
    ),
  );
});

const ELECTRON_DIR = '/opt/lucka/build/electron';
const APP_URL = pathToFileURL('/opt/lucka/build/renderer/index.html').href;

async function startMain(options: { lock?: boolean } = {}) {
  fake = createFakeElectron();
  fake.app.gotLock = options.lock ?? true;
  vi.resetModules();
  const { runMain } = await import('../../../electron/main');
  const handle = runMain(ELECTRON_DIR);
  await new Promise((r) => setTimeout(r, 0)); // let whenReady() resolve
  return handle;
}

/** An IPC event as Electron delivers it, from a frame at `url`. */
function ipcEvent(url: string, parent: unknown = null, sender = new fake.FakeWebContents()) {
  return { senderFrame: { url, parent }, sender };
}

describe('electron/main', () => {
  it('quits at once when another instance holds the lock (one writer per database)', async () => {
    const handle = await startMain({ lock: false });
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
    expect(fake.forked).toHaveLength(0);
    expect(handle.watchdog()).toBeNull();
  });

  it('opens one window with the secure preferences and the built renderer', async () => {
    await startMain();
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.windows).toHaveLength(1);
    const prefs = fake.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: `${ELECTRON_DIR}/preload.cjs`,
      // Electronegativity's AUXCLICK check asks for this; Electron passes the list to Blink
      // ("disableBlinkFeatures string (optional) - A list of feature strings separated by `,`
      // … to disable", docs/api/structures/web-preferences.md). What actually stops a
      // middle click from opening a window is the window-open handler (test below).
      disableBlinkFeatures: 'Auxclick',
    });
    // "kiosk boolean (optional) - Whether the window is in kiosk mode. Default is `false`."
    // (docs/api/structures/base-window-options.md): only the ticket kiosk sets it.
    expect(fake.windows[0]!.options).toMatchObject({ title: 'Lucka', kiosk: false, show: false });
    expect(fake.windows[0]!.loaded).toBe('/opt/lucka/build/renderer/index.html');
  });

  it('opens the ticket kiosk full screen on its own route with --kiosk, with the same secure preferences', async () => {
    process.argv.push('--kiosk');
    try {
      await startMain();
    } finally {
      process.argv.splice(process.argv.indexOf('--kiosk'), 1);
    }
    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]!.options).toMatchObject({ title: 'Lucka – kölapp', kiosk: true });
    expect(fake.windows[0]!.loadOptions).toEqual({ hash: '/kiosk' });
    expect(fake.windows[0]!.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
    });
    fake.ipcListeners.get('lucka:connect')!(ipcEvent(APP_URL, null, fake.windows[0]!.webContents));
    expect(fake.forked[0]!.messages.at(-1)?.message).toEqual({ type: 'connect', role: 'kiosk' });
  });

  it('focuses the existing window when a second instance starts', async () => {
    await startMain();
    fake.app.emit('second-instance');
    expect(fake.windows[0]!.focus).toHaveBeenCalled();
  });

  it('starts the backend as a utilityProcess with the data dir, and quits only after it has shut down', async () => {
    await startMain();
    expect(fake.forked).toHaveLength(1);
    expect(fake.forked[0]!.modulePath).toBe(`${ELECTRON_DIR}/backend.cjs`);
    expect(fake.forked[0]!.args).toContain('--data-dir=/fake/userData');
    const quit = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', quit);
    expect(quit.preventDefault).toHaveBeenCalled(); // not yet: the store must close first
    expect(fake.forked[0]!.messages.at(-1)).toEqual({ message: { type: 'shutdown' }, transfer: [] });
    expect(fake.app.quit).not.toHaveBeenCalled();
    fake.forked[0]!.emit('exit', 0);
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
    const again = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it("encrypts and decrypts the backend's secrets with safeStorage, and refuses without an OS keyring", async () => {
    await startMain();
    const backend = fake.forked[0]!;
    const plain = Buffer.from('device-token-123').toString('base64');
    backend.emit('message', { type: 'secret', id: 7, op: 'encrypt', data: plain });
    const sealed = backend.messages.at(-1)!.message as { id: number; ok: boolean; data: string };
    expect(sealed).toMatchObject({ type: 'secret-reply', id: 7, ok: true });
    expect(Buffer.from(sealed.data, 'base64').toString()).not.toContain('device-token-123');
    expect(fake.safeStorage.encryptString).toHaveBeenCalledWith('device-token-123');
    backend.emit('message', { type: 'secret', id: 8, op: 'decrypt', data: sealed.data });
    expect(backend.messages.at(-1)!.message).toEqual({ type: 'secret-reply', id: 8, ok: true, data: plain });
    // Anything else on the channel is not answered.
    const before = backend.messages.length;
    backend.emit('message', { type: 'secret', id: 9, op: 'delete', data: '' });
    backend.emit('message', { type: 'other' });
    expect(backend.messages).toHaveLength(before);
    fake.safeStorage.available = false;
    backend.emit('message', { type: 'secret', id: 10, op: 'encrypt', data: plain });
    expect(backend.messages.at(-1)!.message).toEqual({
      type: 'secret-reply',
      id: 10,
      ok: false,
      reason: 'unavailable',
    });
    // A Linux desktop without a keyring: Electron would use a fixed password; refused as well.
    fake.safeStorage.available = true;
    fake.safeStorage.backend = 'basic_text';
    backend.emit('message', { type: 'secret', id: 11, op: 'encrypt', data: plain });
    expect(backend.messages.at(-1)!.message).toMatchObject({ id: 11, ok: false, reason: 'unavailable' });
    // …but what an earlier version wrote that way can still be read, so an upgrade keeps the token.
    backend.emit('message', { type: 'secret', id: 12, op: 'decrypt', data: sealed.data });
    expect(backend.messages.at(-1)!.message).toEqual({ type: 'secret-reply', id: 12, ok: true, data: plain });
  });

  it('has no application menu, and no DevTools in an installed build', async () => {
    await startMain();
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect((fake.windows[0]!.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
  });

  it('hands a MessagePort to the app page that asks, and to nobody else', async () => {
    await startMain();
    const connect = fake.ipcListeners.get('lucka:connect')!;

    const stranger = ipcEvent('https://evil.example/', null);
    connect(stranger);
    const subframe = ipcEvent(APP_URL, { url: APP_URL });
    connect(subframe);
    const otherFile = ipcEvent(pathToFileURL('/tmp/evil.html').href);
    connect(otherFile);
    expect(fake.forked[0]!.messages).toHaveLength(0);
    for (const e of [stranger, subframe, otherFile]) expect(e.sender.posted).toHaveLength(0);

    const app = ipcEvent(APP_URL, null, fake.windows[0]!.webContents);
    connect(app);
    expect(fake.forked[0]!.messages).toEqual([
      { message: { type: 'connect', role: 'counter' }, transfer: [expect.objectContaining({ name: 'port1' })] },
    ]);
    expect(app.sender.posted).toEqual([
      { channel: 'lucka:port', message: null, transfer: [expect.objectContaining({ name: 'port2' })] },
    ]);
  });

  it('opens only allow-listed https agency links, only for the app page', async () => {
    await startMain();
    const open = fake.ipcHandlers.get('lucka:open-external')!;
    const hostile = [
      'http://www.skatteverket.se/',
      'https://www.skatteverket.se.evil.example/',
      'https://www.skatteverket.se@evil.example/',
      'https://user:pw@www.skatteverket.se/',
      'https://www.skatteverket.se:8443/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'smb://server/share',
      'x'.repeat(5000),
      42,
      null,
      { toString: () => 'https://www.skatteverket.se/' },
    ];
    for (const url of hostile) expect(await open(ipcEvent(APP_URL), url)).toBe(false);
    expect(await open(ipcEvent('https://evil.example/'), 'https://www.skatteverket.se/id-kort')).toBe(false);
    expect(fake.shell.openExternal).not.toHaveBeenCalled();

    expect(await open(ipcEvent(APP_URL), 'https://www.skatteverket.se/privat/idkort')).toBe(true);
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://www.skatteverket.se/privat/idkort');
  });

  it('opens one waiting-room display window on request from the app page, with the same secure preferences', async () => {
    await startMain();
    const open = fake.ipcHandlers.get('lucka:open-display')!;
    expect(await open(ipcEvent('https://evil.example/'))).toBe(false);
    expect(fake.windows).toHaveLength(1);
    expect(await open(ipcEvent(APP_URL))).toBe(true);
    expect(await open(ipcEvent(APP_URL))).toBe(true); // a second request focuses it
    expect(fake.windows).toHaveLength(2);
    const display = fake.windows[1]!;
    expect(display.loaded).toBe('/opt/lucka/build/renderer/index.html');
    expect(display.loadOptions).toEqual({ hash: '/display' });
    // Its port is limited to what a display may ask.
    fake.ipcListeners.get('lucka:connect')!(ipcEvent(APP_URL, null, display.webContents));
    expect(fake.forked[0]!.messages.at(-1)?.message).toEqual({ type: 'connect', role: 'display' });
    expect(display.focus).toHaveBeenCalled();
    expect(display.options).toMatchObject({ title: 'Lucka – väntrum', kiosk: false });
    expect(display.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('denies navigation, redirects, webviews and new windows in every web contents', async () => {
    await startMain();
    const contents = fake.windows[0]!.webContents;
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = { preventDefault: vi.fn() };
      contents.emit(event, e, 'https://evil.example/');
      expect(e.preventDefault, event).toHaveBeenCalled();
    }
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).not.toHaveBeenCalled();
    // An allow-listed link still opens, outside the app.
    expect(contents.windowOpenHandler!({ url: 'https://www.forsakringskassan.se/' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://www.forsakringskassan.se/');
    // A middle click on a link reaches the same handler: "`background-tab` - Corresponds to
    // a middle click or ctrl/cmd + click" (docs/api/web-contents.md, setWindowOpenHandler).
    fake.shell.openExternal.mockClear();
    const middleClick = { url: 'https://evil.example/', disposition: 'background-tab' };
    expect(contents.windowOpenHandler!(middleClick)).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal).not.toHaveBeenCalled();

    // Contents created later (e.g. a future display window) are guarded too.
    const later = new fake.FakeWebContents();
    fake.app.emit('web-contents-created', {}, later);
    const e = { preventDefault: vi.fn() };
    later.emit('will-navigate', e, 'https://evil.example/');
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission and sets a strict CSP header', async () => {
    await startMain();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      fake.permission.request!({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(fake.permission.check!({}, 'media')).toBe(false);
    expect(fake.permission.device!({})).toBe(false);

    const cb = vi.fn();
    fake.permission.headers!({ responseHeaders: { 'X-Other': ['1'] } }, cb);
    const headers = cb.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['X-Other']).toEqual(['1']);
    const csp = headers['Content-Security-Policy']![0]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
