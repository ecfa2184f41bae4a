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
import { readHubLink } from './backend/hubLink/hubLinkFile';
import { loadPolicy, policyPath } from './backend/policyFile';
import { createBackendWatchdog, type BackendWatchdog } from './backendWatchdog';
import { hubBackendArgs, launchMode } from './launchMode';
import { checkNativeBuild } from './nativeStamp';
import { runSmoke } from './smoke';
import { finishedExport, moveExport } from './exportDownload';
import { appPaths } from './paths';
import { answerSecretRequest } from './safeStorageBridge';
import {
  createSecureWindow,
  guardAllWebContents,
  hardenSession,
  isTrustedSender,
  openAllowedExternal,
  registerAppScheme,
  serveAppScheme,
} from './security';

declare const __BETTER_SQLITE3_VERSION__: string | undefined;

const WINDOW_TITLES: Record<WindowRole, string> = {
  counter: 'Lucka',
  kiosk: 'Lucka – kölapp',
  display: 'Lucka – väntrum',
};

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
  // app://lucka/ must be registered as privileged before 'ready'.
  registerAppScheme();
  // No menu: no DevTools or reload shortcuts at a public kiosk or display.
  Menu.setApplicationMenu(null);
  const paths = appPaths(electronDir);
  const roles = new Map<number, WindowRole>();
  let mainWindow: BrowserWindow | null = null;
  let displayWindow: BrowserWindow | null = null;
  // IT's policy file (shared/policy.ts): read once here for the window role, and by the
  // backend from the same path for the rest. An invalid file is ignored whole.
  const policy = loadPolicy(policyPath(process.argv, process.env));
  if (policy.error)
    console.error(JSON.stringify({ level: 'error', msg: `policy ${policy.path} ignored`, reason: policy.error }));

  /** Started with --hub: no window of its own, and closing one opened later does not stop the hub. */
  let windowlessHub = false;
  app.on('second-instance', () => {
    // Lucka started again on the hub PC (from the Start menu): the counter window of the hub's
    // own backend, for the supervisor's device list and the office's set-up.
    if (!mainWindow && windowlessHub) {
      mainWindow = openWindow('counter', WINDOW_TITLES.counter);
      mainWindow.on('closed', () => (mainWindow = null));
      return;
    }
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (!windowlessHub) app.quit();
  });
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
    serveAppScheme(paths.rendererDir);
    keepReadingOldPlainTextSecrets();

    // A driver built for another Electron or better-sqlite3 would crash the backend on its
    // first require, five times, silently: say so and stop instead.
    const native = checkNativeBuild(paths.nativeDir, {
      electron: process.versions.electron ?? 'unknown',
      betterSqlite3: typeof __BETTER_SQLITE3_VERSION__ === 'string' ? __BETTER_SQLITE3_VERSION__ : 'unknown',
    });
    if (!native.ok) {
      console.error(
        JSON.stringify({ level: 'error', msg: 'native SQLite driver does not fit', reason: native.reason }),
      );
      dialog.showErrorBox(
        'Lucka kan inte starta',
        'Databasdrivrutinen (better-sqlite3) passar inte den här versionen av Lucka. ' +
          'Installera om Lucka, eller kör npm run build:native:electron i en utvecklingsmiljö.\n\n' +
          native.reason,
      );
      app.exit(1);
      return;
    }

    // The office hub with no window (--hub), or one window in its role (electron/launchMode.ts):
    // a PC paired with its hub as a kiosk or display opens that window, never the counter.
    const mode = launchMode(process.argv, policy, readHubLink(dataDir));
    const backendArgs = [
      `--data-dir=${dataDir}`,
      `--native-binding=${paths.nativeBinding}`,
      `--policy=${policy.path}`,
      ...hubBackendArgs(mode.hub),
    ];
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
        // A fatal V8 error in the backend: logged; 'exit' follows whatever we do ("No matter
        // if you listen to the `error` event, the `exit` event will be emitted after the
        // child process terminates", docs/api/utility-process.md), and the watchdog restarts it.
        backend.on('error', (type: string, location: string) =>
          console.error(JSON.stringify({ level: 'error', msg: 'backend fatal error', type, location })),
        );
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
      displayWindow = openWindow('display', WINDOW_TITLES.display);
      displayWindow.on('closed', () => (displayWindow = null));
      return true;
    });

    if (mode.kind === 'hub') {
      // No window: the hub runs until the service manager stops it; a signal quits through
      // 'before-quit', so the backend closes the store cleanly.
      windowlessHub = true;
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
      return;
    }
    mainWindow = openWindow(mode.role, WINDOW_TITLES[mode.role]);
    if (process.argv.includes('--smoke')) startSmoke(mainWindow);
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
    if (role === 'display') {
      // With the application menu removed its F11 accelerator is gone too: the display
      // window handles the key itself ('before-input-event', docs/api/web-contents.md).
      win.webContents.on('before-input-event', (event, input) => {
        if (input.type !== 'keyDown' || input.key !== 'F11') return;
        event.preventDefault();
        win.setFullScreen(!win.isFullScreen());
      });
    }
    if (role !== 'counter') {
      // Nobody stands at a kiosk or a display to press reload: a crashed or killed page
      // comes back by itself ('render-process-gone', docs/api/web-contents.md).
      win.webContents.on('render-process-gone', (_event, details) => {
        if (details.reason === 'clean-exit' || win.isDestroyed()) return;
        console.error(JSON.stringify({ level: 'error', msg: 'page gone, reloading', role, reason: details.reason }));
        win.webContents.reload();
      });
    }
    void win.loadURL(role === 'counter' ? paths.rendererUrl : `${paths.rendererUrl}#/${role}`);
    return win;
  }

  /** `--smoke` (electron/smoke.ts): the window loads, one request crosses the real backend, exit 0. */
  function startSmoke(win: BrowserWindow): void {
    const pageLoaded = new Promise<void>((resolve, reject) => {
      win.webContents.once('did-finish-load', () => resolve());
      win.webContents.once('did-fail-load', (_e, code: number, description: string) =>
        reject(new Error(`${code} ${description}`)),
      );
    });
    void runSmoke({
      pageLoaded,
      connect: (role) => {
        const { port1, port2 } = new MessageChannelMain();
        watchdog?.connectPort(port1, role);
        return port2;
      },
      exit: (code) => {
        void watchdog?.stop().then(() => app.exit(code));
      },
      log: (entry) => console.log(JSON.stringify(entry)),
    });
  }

  /**
   * Linux without a keyring: Electron's isEncryptionAvailable() is false for the
   * 'basic_text' backend unless plain-text encryption is switched on, and decryptString
   * then throws too (shell/browser/api/electron_api_safe_storage.cc). Switched on here so
   * what an earlier version wrote that way can still be read; nothing new is written
   * with it (safeStorageBridge.ts refuses to encrypt on 'basic_text').
   */
  function keepReadingOldPlainTextSecrets(): void {
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
      safeStorage.setUsePlainTextEncryption(true);
  }

  return { watchdog: () => watchdog };
}
