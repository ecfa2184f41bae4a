import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
    'dialog',
    'protocol',
  ];
  return Object.defineProperties(
    {},
    Object.fromEntries(
      keys.map((k) => [k, { enumerable: true, get: () => (fake.module as Record<string, unknown>)[k] }]),
    ),
  );
});

/** An installed app's layout: build/electron (the bundles), build/renderer, build/native/electron. */
let ROOT = '';
let ELECTRON_DIR = '';
const APP_URL = 'app://lucka/index.html';
const ELECTRON_VERSION = '40.9.3';
const SQLITE_VERSION = '12.11.1';

function writeNativeStamp(stamp: object) {
  writeFileSync(join(ROOT, 'native', 'electron', 'stamp.json'), JSON.stringify(stamp));
}

beforeAll(() => {
  ROOT = join(mkdtempSync(join(tmpdir(), 'lucka-main-')), 'build');
  ELECTRON_DIR = join(ROOT, 'electron');
  for (const dir of ['electron', 'renderer/assets', 'native/electron']) mkdirSync(join(ROOT, dir), { recursive: true });
  writeFileSync(join(ROOT, 'renderer', 'index.html'), '<!doctype html><title>Lucka</title>');
  writeFileSync(join(ROOT, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(ROOT, 'secret.txt'), 'outside the renderer');
  writeFileSync(join(ROOT, 'native', 'electron', 'better_sqlite3.node'), 'binary');
  // Electron sets process.versions.electron; the build defines the driver's version.
  Object.defineProperty(process.versions, 'electron', { value: ELECTRON_VERSION, configurable: true });
  (globalThis as Record<string, unknown>).__BETTER_SQLITE3_VERSION__ = SQLITE_VERSION;
});
afterAll(() => {
  delete process.env.LUCKA_POLICY;
  rmSync(join(ROOT, '..'), { recursive: true, force: true });
  delete (process.versions as Record<string, unknown>).electron;
  delete (globalThis as Record<string, unknown>).__BETTER_SQLITE3_VERSION__;
});

async function startMain(options: { lock?: boolean; stamp?: object; policy?: object | string } = {}) {
  writeNativeStamp(options.stamp ?? { electron: ELECTRON_VERSION, betterSqlite3: SQLITE_VERSION });
  // The machine's own /etc/lucka/policy.json is never read by a test.
  const policy = join(ROOT, 'policy.json');
  rmSync(policy, { force: true });
  if (options.policy !== undefined)
    writeFileSync(policy, typeof options.policy === 'string' ? options.policy : JSON.stringify(options.policy));
  process.env.LUCKA_POLICY = policy;
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
      preload: join(ELECTRON_DIR, 'preload.cjs'),
      // Electronegativity's AUXCLICK check asks for this; Electron passes the list to Blink
      // ("disableBlinkFeatures string (optional) - A list of feature strings separated by `,`
      // … to disable", docs/api/structures/web-preferences.md). What actually stops a
      // middle click from opening a window is the window-open handler (test below).
      disableBlinkFeatures: 'Auxclick',
    });
    // "kiosk boolean (optional) - Whether the window is in kiosk mode. Default is `false`."
    // (docs/api/structures/base-window-options.md): only the ticket kiosk sets it.
    expect(fake.windows[0]!.options).toMatchObject({ title: 'Lucka', kiosk: false, show: false });
    expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html');
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
    expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html#/kiosk');
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
    expect(fake.forked[0]!.modulePath).toBe(join(ELECTRON_DIR, 'backend.cjs'));
    expect(fake.forked[0]!.args).toContain('--data-dir=/fake/userData');
    expect(fake.forked[0]!.args).toContain(
      `--native-binding=${join(ROOT, 'native', 'electron', 'better_sqlite3.node')}`,
    );
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
    // The keyring is locked or gone: Electron throws from both calls, so main says
    // 'unavailable' and the backend keeps what it has (it never replaces a key for that).
    fake.safeStorage.keyring = false;
    backend.emit('message', { type: 'secret', id: 10, op: 'decrypt', data: sealed.data });
    expect(backend.messages.at(-1)!.message).toEqual({
      type: 'secret-reply',
      id: 10,
      ok: false,
      reason: 'unavailable',
    });
    backend.emit('message', { type: 'secret', id: 11, op: 'encrypt', data: plain });
    expect(backend.messages.at(-1)!.message).toMatchObject({ id: 11, ok: false, reason: 'unavailable' });
    // Back again: the same ciphertext reads as before.
    fake.safeStorage.keyring = true;
    backend.emit('message', { type: 'secret', id: 12, op: 'decrypt', data: sealed.data });
    expect(backend.messages.at(-1)!.message).toEqual({ type: 'secret-reply', id: 12, ok: true, data: plain });
  });

  it("on a keyring-less Linux ('basic_text') reads what an earlier version wrote, and writes nothing new that way", async () => {
    // Electron's rule (shell/browser/api/electron_api_safe_storage.cc, IsEncryptionAvailable):
    // on 'basic_text' encryption is available only after setUsePlainTextEncryption(true).
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'linux' });
    try {
      fake = createFakeElectron();
      fake.safeStorage.backend = 'basic_text';
      expect(fake.safeStorage.isEncryptionAvailable()).toBe(false);
      fake.safeStorage.plainText = true;
      const oldToken = fake.safeStorage.encryptString('device-token-123').toString('base64'); // 'v10…', as a 0.x build wrote it
      fake.safeStorage.plainText = false;
      writeNativeStamp({ electron: ELECTRON_VERSION, betterSqlite3: SQLITE_VERSION });
      vi.resetModules();
      const { runMain } = await import('../../../electron/main');
      runMain(ELECTRON_DIR);
      await new Promise((r) => setTimeout(r, 0));
      expect(fake.safeStorage.setUsePlainTextEncryption).toHaveBeenCalledWith(true);
      const backend = fake.forked[0]!;
      backend.emit('message', { type: 'secret', id: 1, op: 'decrypt', data: oldToken });
      expect(backend.messages.at(-1)!.message).toEqual({
        type: 'secret-reply',
        id: 1,
        ok: true,
        data: Buffer.from('device-token-123').toString('base64'),
      });
      backend.emit('message', { type: 'secret', id: 2, op: 'encrypt', data: Buffer.from('x').toString('base64') });
      expect(backend.messages.at(-1)!.message).toEqual({
        type: 'secret-reply',
        id: 2,
        ok: false,
        reason: 'unavailable',
      });
      expect(fake.safeStorage.encryptString).toHaveBeenCalledTimes(1); // only the fixture's own call
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
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
    expect(display.loaded).toBe('app://lucka/index.html#/display');
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

  it('denies every permission but full screen for the app page, and sets a strict CSP header on app pages only', async () => {
    await startMain();
    const appPage = { requestingUrl: 'app://lucka/index.html#/display', isMainFrame: true };
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      fake.permission.request!({}, permission, cb, appPage);
      expect(cb).toHaveBeenCalledWith(false);
    }
    // "`fullscreen` - Request control of the app's fullscreen state via the Fullscreen API"
    // (docs/api/session.md, setPermissionRequestHandler): granted to the app's own page only.
    const granted = vi.fn();
    fake.permission.request!({}, 'fullscreen', granted, appPage);
    expect(granted).toHaveBeenCalledWith(true);
    const stranger = vi.fn();
    fake.permission.request!({}, 'fullscreen', stranger, { requestingUrl: 'https://evil.example/', isMainFrame: true });
    expect(stranger).toHaveBeenCalledWith(false);
    const lookalike = vi.fn();
    fake.permission.request!({}, 'fullscreen', lookalike, { requestingUrl: 'app://lucka.evil/', isMainFrame: true });
    expect(lookalike).toHaveBeenCalledWith(false);
    expect(fake.permission.check!({}, 'media', 'app://lucka')).toBe(false);
    expect(fake.permission.check!({}, 'fullscreen', 'app://lucka')).toBe(true);
    expect(fake.permission.check!({}, 'fullscreen', 'file://')).toBe(false);
    expect(fake.permission.device!({})).toBe(false);

    const cb = vi.fn();
    fake.permission.headers!({ url: 'app://lucka/index.html', responseHeaders: { 'X-Other': ['1'] } }, cb);
    const headers = cb.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['X-Other']).toEqual(['1']);
    const csp = headers['Content-Security-Policy']![0]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    // Any other response is passed on unchanged ("callback({})" keeps the headers,
    // docs/api/web-request.md onHeadersReceived).
    const other = vi.fn();
    fake.permission.headers!({ url: 'https://www.skatteverket.se/', responseHeaders: { 'X-Other': ['1'] } }, other);
    expect(other).toHaveBeenCalledWith({});
  });

  it('serves the renderer from app://lucka/ (registered privileged before ready), and nothing outside it', async () => {
    await startMain();
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    expect(fake.protocol.privileged).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    const handler = fake.protocol.handlers.get('app')!;
    const get = (url: string, method = 'GET') => handler(new Request(url, { method }));
    const page = await get('app://lucka/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('<title>Lucka</title>');
    expect(await (await get('app://lucka/')).text()).toContain('<title>Lucka</title>');
    const script = await get('app://lucka/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    for (const url of [
      'app://lucka/../secret.txt',
      'app://lucka/%2e%2e/secret.txt',
      'app://lucka/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://lucka/assets/..%5c..%5csecret.txt',
      'app://other/index.html',
      'app://lucka/missing.js',
      'app://lucka/%E0%A4%A',
      'app://lucka/index.html%00.js',
    ])
      expect((await get(url)).status, url).toBe(404);
    expect((await get('app://lucka/index.html', 'POST')).status).toBe(405);
  });

  it("checks IPC senders by the app's origin, whatever the install path's spelling (Windows drive letter, %)", async () => {
    // Chromium reports a page loaded from c:\… as file:///C:/… while Node's pathToFileURL
    // keeps 'c:', and '%' in a path is escaped differently: a file:// comparison refused the
    // app's own window. With app://lucka every install path gives the same page URL.
    const { appPaths } = await import('../../../electron/paths');
    expect(appPaths('c:\\Program Files\\Lucka 100%\\resources\\app.asar\\build\\electron').rendererUrl).toBe(APP_URL);
    expect(appPaths('C:\\Program Files\\Lucka 100%\\resources\\app.asar\\build\\electron').rendererUrl).toBe(APP_URL);
    await startMain();
    const connect = fake.ipcListeners.get('lucka:connect')!;
    for (const url of [
      'file:///C:/Program%20Files/Lucka/resources/app.asar/build/renderer/index.html',
      pathToFileURL(join(ROOT, 'renderer', 'index.html')).href,
      'app://lucka.evil.example/index.html',
      'app://lucka/other.html',
      'https://lucka/index.html',
    ]) {
      const e = ipcEvent(url, null);
      connect(e);
      expect(e.sender.posted, url).toHaveLength(0);
    }
    const page = ipcEvent('app://lucka/index.html#/kiosk', null, fake.windows[0]!.webContents);
    connect(page);
    expect(page.sender.posted).toHaveLength(1);
  });

  it('refuses to start the backend with a native driver built for another Electron or better-sqlite3, and says so', async () => {
    await startMain({ stamp: { electron: '39.2.0', betterSqlite3: SQLITE_VERSION } });
    expect(fake.forked).toHaveLength(0);
    expect(fake.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, text] = fake.dialog.showErrorBox.mock.calls[0]! as unknown as [string, string];
    expect(title).toBe('Lucka kan inte starta');
    expect(text).toContain('built for Electron 39.2.0');
    expect(text).toContain(`this is Electron ${ELECTRON_VERSION}`);
    expect(fake.app.exit).toHaveBeenCalledWith(1);

    await startMain({ stamp: { electron: ELECTRON_VERSION, betterSqlite3: '11.0.0' } });
    expect(fake.forked).toHaveLength(0);
    expect(fake.dialog.showErrorBox.mock.calls[0]![1]).toContain('better-sqlite3 11.0.0');

    await startMain({ stamp: { electron: ELECTRON_VERSION, betterSqlite3: SQLITE_VERSION } });
    expect(fake.forked).toHaveLength(1);
    expect(fake.dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it("listens for the backend's 'error' event (no modal error box on a kiosk) and restarts it on the exit that follows", async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await startMain();
      const backend = fake.forked[0]!;
      // An EventEmitter's 'error' with no listener throws; Electron shows that as a dialog.
      expect(backend.listenerCount('error')).toBe(1);
      backend.emit('error', 'FatalError', 'v8::ToLocalChecked Empty MaybeLocal', '{}');
      expect(errors.mock.calls.flat().join('\n')).toContain('FatalError');
      // "No matter if you listen to the `error` event, the `exit` event will be emitted after
      // the child process terminates" (docs/api/utility-process.md).
      backend.emit('exit', 134);
      await vi.waitFor(() => expect(fake.forked).toHaveLength(2), { timeout: 2000 });
    } finally {
      errors.mockRestore();
    }
  });

  it('reloads a kiosk or display page whose renderer died; the counter is left for the officer', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await startMain();
      const counter = fake.windows[0]!;
      await fake.ipcHandlers.get('lucka:open-display')!(ipcEvent(APP_URL));
      const display = fake.windows[1]!;
      // 'render-process-gone' (docs/api/web-contents.md): details.reason 'crashed', 'killed', 'oom', … or 'clean-exit'.
      display.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
      expect(display.webContents.reload).toHaveBeenCalledTimes(1);
      display.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
      expect(display.webContents.reload).toHaveBeenCalledTimes(1);
      counter.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
      expect(counter.webContents.reload).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('toggles full screen on F11 in the display window (the menu and its accelerator are gone)', async () => {
    await startMain();
    await fake.ipcHandlers.get('lucka:open-display')!(ipcEvent(APP_URL));
    const display = fake.windows[1]!;
    const key = (type: string, k: string) => {
      const e = { preventDefault: vi.fn() };
      display.webContents.emit('before-input-event', e, { type, key: k });
      return e;
    };
    expect(key('keyDown', 'F11').preventDefault).toHaveBeenCalled();
    expect(display.isFullScreen()).toBe(true);
    key('keyUp', 'F11');
    expect(display.isFullScreen()).toBe(true);
    key('keyDown', 'F11');
    expect(display.isFullScreen()).toBe(false);
    expect(key('keyDown', 'a').preventDefault).not.toHaveBeenCalled();
    // The counter window has no such handler.
    expect(fake.windows[0]!.webContents.listenerCount('before-input-event')).toBe(0);
  });

  it("opens the window role IT's policy sets, passes the policy to the backend, and ignores an invalid policy whole", async () => {
    await startMain({ policy: { version: 1, windowRole: 'display', locked: ['windowRole'] } });
    expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html#/display');
    expect(fake.windows[0]!.options).toMatchObject({ title: 'Lucka – väntrum' });
    expect(fake.forked[0]!.args).toContain(`--policy=${join(ROOT, 'policy.json')}`);
    // A locked role wins over --kiosk; an unlocked one is only the default.
    process.argv.push('--kiosk');
    try {
      await startMain({ policy: { version: 1, windowRole: 'display', locked: ['windowRole'] } });
      expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html#/display');
      await startMain({ policy: { version: 1, windowRole: 'display' } });
      expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html#/kiosk');
    } finally {
      process.argv.splice(process.argv.indexOf('--kiosk'), 1);
    }
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await startMain({ policy: { version: 1, windowRole: 'display', colour: 'blue' } });
      expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html');
      expect(errors.mock.calls.flat().join('\n')).toMatch(/policy .* ignored.*colour/);
    } finally {
      errors.mockRestore();
    }
  });

  it('--smoke: once the page has loaded, one request crosses the real backend port, then it exits 0 (1 on a refusal)', async () => {
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {});
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    process.argv.push('--smoke');
    try {
      for (const [reply, code] of [
        [{ ok: true, result: { appVersion: '0.1.0' } }, 0],
        [{ ok: false, error: { code: 'STORE_UNAVAILABLE' } }, 1],
      ] as const) {
        await startMain();
        const backend = fake.forked[0]!;
        expect(backend.messages).toHaveLength(0); // nothing before the page has loaded
        fake.windows[0]!.webContents.emit('did-finish-load');
        await vi.waitFor(() => expect(backend.messages).toHaveLength(1));
        const { message, transfer } = backend.messages[0]!;
        expect(message).toEqual({ type: 'connect', role: 'display' }); // the least a window may ask
        // The backend side of the port: answer what arrives, as electron/backend/servePort.ts does.
        const port = transfer[0] as InstanceType<FakeElectron['FakePortMain']>;
        port.on('message', ({ data }: { data: { id: number; channel: string } }) => {
          expect(data).toEqual({ id: 1, channel: 'app.status', input: {} });
          port.postMessage({ id: data.id, ...reply });
        });
        port.start();
        // Quitting asks the backend to close the store first.
        await vi.waitFor(() => expect(backend.messages.at(-1)?.message).toEqual({ type: 'shutdown' }));
        backend.emit('exit', 0);
        await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(code));
      }
      // A page that does not load fails the smoke test.
      await startMain();
      fake.windows[0]!.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND');
      await vi.waitFor(() => expect(fake.forked[0]!.messages.at(-1)?.message).toEqual({ type: 'shutdown' }));
      fake.forked[0]!.emit('exit', 0);
      await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(1));
    } finally {
      process.argv.splice(process.argv.indexOf('--smoke'), 1);
      logs.mockRestore();
      errors.mockRestore();
    }
  });

  describe('the office hub (issue 13)', () => {
    /** Runs main with `args` on the command line (and LUCKA_DATA_DIR = `dataDir` when given). */
    async function startWith(args: string[], options: { dataDir?: string; policy?: object } = {}) {
      const before = process.argv.length;
      process.argv.push(...args);
      if (options.dataDir) process.env.LUCKA_DATA_DIR = options.dataDir;
      try {
        await startMain({ policy: options.policy });
      } finally {
        process.argv.splice(before);
        delete process.env.LUCKA_DATA_DIR;
      }
    }
    /** A data dir whose hub-link.json says this PC is paired in `role` (hubLink/hubLinkFile.ts). */
    function pairedDataDir(role: string | null): string {
      const dir = mkdtempSync(join(tmpdir(), 'lucka-paired-'));
      if (role === null)
        writeFileSync(join(dir, 'hub-link.json'), '{"torn'); // unreadable
      else
        writeFileSync(
          join(dir, 'hub-link.json'),
          JSON.stringify({
            address: 'https://192.168.1.20:8443',
            host: '192.168.1.20',
            port: 8443,
            fingerprint: Array.from({ length: 32 }, () => 'AB').join(':'),
            certPem: '-----BEGIN CERTIFICATE-----',
            deviceId: '0b6f3a52-3c1e-4a7e-9d61-1c2a4b6f8e90',
            role,
            deviceName: 'Väntrum',
            pairedAt: '2026-12-01T08:00:00.000Z',
            revokedAt: null,
          }),
        );
      return dir;
    }

    it('--hub: no window; the backend serves the office as its hub on the port and address given; a signal quits cleanly', async () => {
      const signals = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
      await startWith(['--hub', '--port', '9443', '--listen=127.0.0.1', '--data-dir=/srv/lucka-hub']);
      const added = (['SIGINT', 'SIGTERM'] as const).map((s) =>
        process.listeners(s).filter((l) => !signals[s].includes(l)),
      );
      try {
        expect(fake.windows).toHaveLength(0);
        // utilityProcess.fork(modulePath, args, options): "args string[] (optional) - List of string
        // arguments that will be available as process.argv in the child process"
        // (docs/api/utility-process.md): the backend entry reads --hub-port and --hub-listen there.
        expect(fake.forked).toHaveLength(1);
        expect(fake.forked[0]!.args).toEqual(
          expect.arrayContaining(['--data-dir=/srv/lucka-hub', '--hub-port=9443', '--hub-listen=127.0.0.1']),
        );
        // With no window 'window-all-closed' never comes ("Emitted when all windows have been
        // closed", docs/api/app.md): the hub runs until a signal, which goes through app.quit(),
        // whose 'before-quit' ("app.quit(): Try to close all windows. The before-quit event will
        // be emitted first", docs/api/app.md) lets the backend close the store first.
        expect(added.map((l) => l.length)).toEqual([1, 1]);
        // Lucka started again on the hub PC ("second-instance … Emitted inside the primary
        // instance … when a second instance has been executed and calls
        // app.requestSingleInstanceLock()", docs/api/app.md): the counter window, for the
        // supervisor's device list; closing it ('window-all-closed') leaves the hub running.
        fake.app.emit('second-instance');
        expect(fake.windows).toHaveLength(1);
        expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html');
        fake.windows[0]!.emit('closed');
        fake.app.emit('window-all-closed');
        expect(fake.app.quit).not.toHaveBeenCalled();
        added[1]![0]!('SIGTERM');
        expect(fake.app.quit).toHaveBeenCalled();
        const quit = { preventDefault: vi.fn() };
        fake.app.emit('before-quit', quit);
        expect(quit.preventDefault).toHaveBeenCalled();
        expect(fake.forked[0]!.messages.at(-1)?.message).toEqual({ type: 'shutdown' });
      } finally {
        for (const [i, s] of (['SIGINT', 'SIGTERM'] as const).entries())
          for (const l of added[i]!) process.removeListener(s, l);
      }
    });

    it('--hub without a port serves on 8443, the port the installer opens; a bad port stops the start', async () => {
      await startWith(['--hub']);
      expect(fake.forked[0]!.args).toContain('--hub-port=8443');
      expect(fake.forked[0]!.args.some((a) => a.startsWith('--hub-listen'))).toBe(false);
      for (const l of process.listeners('SIGTERM').slice(-1)) process.removeListener('SIGTERM', l);
      for (const l of process.listeners('SIGINT').slice(-1)) process.removeListener('SIGINT', l);
      const { launchMode } = await import('../../../electron/launchMode');
      expect(() => launchMode(['--hub', '--port', '70000'], { path: '', policy: null, error: null }, null)).toThrow(
        /--port must be 1–65535/,
      );
    });

    it('a PC paired as a display or kiosk opens that window, whatever --kiosk or the policy says; a counter stays a counter', async () => {
      await startWith(['--kiosk'], { dataDir: pairedDataDir('display') });
      expect(fake.windows).toHaveLength(1);
      expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html#/display');
      expect(fake.windows[0]!.options).toMatchObject({ title: 'Lucka – väntrum', kiosk: false });
      // Its port reaches only the display's channels (and the hub enforces the same role).
      fake.ipcListeners.get('lucka:connect')!(ipcEvent(APP_URL, null, fake.windows[0]!.webContents));
      expect(fake.forked[0]!.messages.at(-1)?.message).toEqual({ type: 'connect', role: 'display' });

      await startWith([], {
        dataDir: pairedDataDir('kiosk'),
        policy: { version: 1, windowRole: 'counter', locked: ['windowRole'] },
      });
      expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html#/kiosk');
      expect(fake.windows[0]!.options).toMatchObject({ title: 'Lucka – kölapp', kiosk: true });

      await startWith([], { dataDir: pairedDataDir('counter') });
      expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html');
      // A torn link file opens the counter, whose every request the backend then refuses.
      await startWith([], { dataDir: pairedDataDir(null) });
      expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html');
    });

    it("a PC IT's policy makes the office hub opens its counter window and serves the office beside it", async () => {
      await startWith([], { policy: { version: 1, hub: { role: 'hub' } } });
      expect(fake.windows).toHaveLength(1);
      expect(fake.windows[0]!.loaded).toBe('app://lucka/index.html');
      expect(fake.forked[0]!.args).toContain('--hub-port=8443');
      // Without it, no hub: a travelling officer's laptop starts exactly as before.
      await startWith([]);
      expect(fake.forked[0]!.args.some((a) => a.startsWith('--hub'))).toBe(false);
    });
  });
});
