import { existsSync } from 'node:fs';
import {
  Menu,
  MessageChannelMain,
  app,
  BrowserWindow as ElectronWindow,
  dialog,
  ipcMain,
  safeStorage,
  session,
  utilityProcess,
  type BrowserWindow,
} from 'electron';
import type { WindowRole } from '../shared/roles';
import { resolveDataDir } from './backend/dataDir';
import { createBackendWatchdog, type BackendWatchdog } from './backendWatchdog';
import { finishedExport, moveExport } from './exportDownload';
import { appPaths } from './paths';
import { answerSecretRequest } from './safeStorageBridge';
import {
  createSecureWindow,
  guardAllWebContents,
  hardenSession,
  isTrustedSender,
  openAllowedExternal,
} from './security';

/**
 * The main process: lifecycle, the window, security, and handing each window a
 * MessagePort to the backend process. It holds no data logic: the store and the
 * handler table live in the backend utilityProcess (electron/backend/entry.ts).
 */
export function runMain(electronDir: string = __dirname): { watchdog: () => BackendWatchdog | null } {
  let watchdog: BackendWatchdog | null = null;
  app.enableSandbox();
  // One backend per data directory: a second launch focuses the first window.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { watchdog: () => null };
  }
  guardAllWebContents(app);
  // No menu: no DevTools or reload shortcuts at a public kiosk or display.
  Menu.setApplicationMenu(null);
  const paths = appPaths(electronDir);
  const roles = new Map<number, WindowRole>();
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
  // Quit only after the backend has closed the store cleanly (or was killed after a timeout).
  let backendStopped = false;
  app.on('before-quit', (event) => {
    if (backendStopped || !watchdog) return;
    event.preventDefault();
    void watchdog.stop().then(() => {
      backendStopped = true;
      app.quit();
    });
  });

  void app.whenReady().then(() => {
    const dataDir = resolveDataDir(process.argv, process.env, app.getPath('userData'));
    hardenSession(session.defaultSession);

    const backendArgs = [`--data-dir=${dataDir}`];
    if (existsSync(paths.nativeBinding)) backendArgs.push(`--native-binding=${paths.nativeBinding}`);
    watchdog = createBackendWatchdog({
      spawn: () => {
        const backend = utilityProcess.fork(paths.backend, backendArgs, {
          serviceName: 'Lucka backend',
          stdio: 'inherit',
        });
        // The backend's secrets (sync token, device key) are encrypted here, with the OS keyring.
        backend.on('message', (message: unknown) => {
          const reply = answerSecretRequest(message, safeStorage);
          if (reply) backend.postMessage(reply);
        });
        return backend;
      },
      createChannel: () => new MessageChannelMain(),
      log: (entry) => console.error(JSON.stringify(entry)),
    });
    watchdog.start();

    ipcMain.on('lucka:connect', (event) => {
      if (isTrustedSender(event, paths.rendererUrl))
        watchdog?.attach(event.sender, roles.get(event.sender.id) ?? 'display');
    });
    ipcMain.handle('lucka:open-external', (event, url: unknown) =>
      isTrustedSender(event, paths.rendererUrl) ? openAllowedExternal(url) : false,
    );
    // A finished statistics export: saved where the supervisor picks, moved there by main
    // (the backend wrote it in the data dir; it never crosses the page).
    ipcMain.handle('lucka:save-export', async (event, key: unknown, fileName: unknown) => {
      if (!isTrustedSender(event, paths.rendererUrl)) return false;
      const file = finishedExport(dataDir, key, fileName);
      const owner = ElectronWindow.fromWebContents(event.sender);
      if (!file || !owner) return false;
      const choice = await dialog.showSaveDialog(owner, { defaultPath: file.fileName });
      if (choice.canceled || !choice.filePath) return false;
      await moveExport(file.path, choice.filePath);
      return true;
    });
    // The waiting-room display: one window, movable to another screen (F11 for full screen).
    ipcMain.handle('lucka:open-display', (event) => {
      if (!isTrustedSender(event, paths.rendererUrl)) return false;
      if (displayWindow) {
        displayWindow.focus();
        return true;
      }
      displayWindow = openWindow('display', 'Lucka – väntrum');
      displayWindow.on('closed', () => (displayWindow = null));
      return true;
    });

    mainWindow = kiosk ? openWindow('kiosk', 'Lucka – kölapp') : openWindow('counter', 'Lucka');
    mainWindow.on('closed', () => (mainWindow = null));
  });

  /** A window for one role; the role decides its route and what its port may ask the backend. */
  function openWindow(role: WindowRole, title: string): BrowserWindow {
    const win = createSecureWindow(paths.preload, { title, kiosk: role === 'kiosk', devTools: !app.isPackaged });
    const contentsId = win.webContents.id;
    roles.set(contentsId, role);
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => {
      watchdog?.detach(contentsId);
      roles.delete(contentsId);
    });
    void win.loadFile(paths.renderer, role === 'counter' ? undefined : { hash: `/${role}` });
    return win;
  }

  return { watchdog: () => watchdog };
}
