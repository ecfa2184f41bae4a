import { existsSync } from 'node:fs';
import { BrowserWindow, MessageChannelMain, app, ipcMain, session, shell, utilityProcess } from 'electron';
import { resolveDataDir } from './backend/dataDir';
import { createBackendSupervisor, type BackendSupervisor } from './backendSupervisor';
import { appPaths } from './paths';
import { guardAllWebContents, hardenSession, isAllowedExternalUrl, isTrustedSender, windowOptions } from './security';

/**
 * The main process: lifecycle, the window, security, and handing each window a
 * MessagePort to the backend process. It holds no data logic: the store and the
 * handler table live in the backend utilityProcess (electron/backend/entry.ts).
 */
export function runMain(electronDir: string = __dirname): { supervisor: () => BackendSupervisor | null } {
  let supervisor: BackendSupervisor | null = null;
  app.enableSandbox();
  // One backend per data directory: a second launch focuses the first window.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { supervisor: () => null };
  }
  guardAllWebContents(app);
  const paths = appPaths(electronDir);
  let mainWindow: BrowserWindow | null = null;
  let displayWindow: BrowserWindow | null = null;
  // A ticket kiosk runs the same app full screen on its kiosk view.
  const kiosk = process.argv.includes('--kiosk');

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => supervisor?.stop());

  void app.whenReady().then(() => {
    const dataDir = resolveDataDir(process.argv, process.env, app.getPath('userData'));
    hardenSession(session.defaultSession);

    const backendArgs = [`--data-dir=${dataDir}`];
    if (existsSync(paths.nativeBinding)) backendArgs.push(`--native-binding=${paths.nativeBinding}`);
    supervisor = createBackendSupervisor({
      spawn: () => utilityProcess.fork(paths.backend, backendArgs, { serviceName: 'Lucka backend', stdio: 'inherit' }),
      createChannel: () => new MessageChannelMain(),
      log: (entry) => console.error(JSON.stringify(entry)),
    });
    supervisor.start();

    ipcMain.on('lucka:connect', (event) => {
      if (isTrustedSender(event, paths.rendererUrl)) supervisor?.attach(event.sender);
    });
    ipcMain.handle('lucka:open-external', async (event, url: unknown) => {
      if (!isTrustedSender(event, paths.rendererUrl) || !isAllowedExternalUrl(url)) return false;
      await shell.openExternal(url);
      return true;
    });
    // The waiting-room display: one window, movable to another screen (F11 for full screen).
    ipcMain.handle('lucka:open-display', (event) => {
      if (!isTrustedSender(event, paths.rendererUrl)) return false;
      if (displayWindow) {
        displayWindow.focus();
        return true;
      }
      displayWindow = openWindow('/display', { title: 'Lucka – väntrum' });
      displayWindow.on('closed', () => (displayWindow = null));
      return true;
    });

    mainWindow = openWindow(kiosk ? '/kiosk' : '', kiosk ? { kiosk: true, title: 'Lucka – kölapp' } : {});
    mainWindow.on('closed', () => (mainWindow = null));
  });

  function openWindow(route: string, extra: Electron.BrowserWindowConstructorOptions): BrowserWindow {
    const win = new BrowserWindow({ ...windowOptions(paths.preload), ...extra });
    const contentsId = win.webContents.id;
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => supervisor?.detach(contentsId));
    void win.loadFile(paths.renderer, route ? { hash: route } : undefined);
    return win;
  }

  return { supervisor: () => supervisor };
}
