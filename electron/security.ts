import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { isAllowedExternalUrl } from '../shared/externalLinks';
import {
  BrowserWindow,
  protocol,
  shell,
  type App,
  type IpcMainInvokeEvent,
  type Session,
  type WebContents,
} from 'electron';
import { APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppFile } from './appProtocol';

/**
 * Electron's security checklist in one place, so a test can hold every rule to it.
 * https://www.electronjs.org/docs/latest/tutorial/security
 */

/** What differs between Lucka's windows; everything else is fixed below. */
export interface SecureWindowOptions {
  title: string;
  /** The ticket kiosk runs full screen. */
  kiosk: boolean;
  /** Off in installed builds: the kiosk and display stand in public. */
  devTools: boolean;
}

/**
 * Every window the app opens. The options are one literal object, not built or spread,
 * so a reader and Electronegativity (`npm run scan:electron`) can see each preference.
 */
export function createSecureWindow(preloadPath: string, options: SecureWindowOptions): BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: options.title,
    kiosk: options.kiosk,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // What Electronegativity's AUXCLICK check asks for. Current Chromium has no runtime
      // feature of that name, so the guard that stops a middle click from opening a window
      // is the window-open handler below, which denies every new window.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: options.devTools,
    },
  });
}

/**
 * The only place the app hands a URL to the operating system: allow-listed https agency
 * pages (shared/externalLinks.ts), checked here, right before the call.
 */
export async function openAllowedExternal(url: unknown): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}

/** Same document only: the renderer is a single page and never navigates. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // No new windows, whatever asks (window.open, target=_blank, a middle or shift click):
  // an allow-listed agency link opens in the system browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    void openAllowedExternal(url);
    return { action: 'deny' };
  });
}

/** Every web contents the app ever creates gets the guards, not just the main window. */
export function guardAllWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

/** True for a URL of the app's own pages (app://lucka/…), whatever its path, query or hash. */
export function isAppUrl(url: string | undefined): boolean {
  return typeof url === 'string' && (url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`));
}

/**
 * app:// as a standard, secure scheme: "This method can only be used before the `ready`
 * event of the `app` module gets emitted and can be called only once"
 * (docs/api/protocol.md, protocol.registerSchemesAsPrivileged).
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

/** After 'ready': app://lucka/ serves the built renderer and nothing else (electron/appProtocol.ts). */
export function serveAppScheme(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppFile(request, rendererDir));
}

/**
 * Every permission denied but one: the app's own page may go full screen (the waiting-room
 * display's F11, and the element full screen the display view may ask for). Chromium asks
 * through these handlers (docs/api/session.md, setPermissionRequestHandler: "`fullscreen` -
 * Request control of the app's fullscreen state via the Fullscreen API"; `details.requestingUrl`
 * is "The last URL the requesting frame loaded", docs/api/structures/permission-request.md).
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permission === 'fullscreen' && isAppUrl(details?.requestingUrl)),
  );
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) => permission === 'fullscreen' && isAppUrl(requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
  // The CSP header on the app's own responses only; anything else passes untouched (the
  // app:// handler sets it too: this covers responses that reach the page another way).
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url)) {
      callback({});
      return;
    }
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/** IPC from anything but the app's own top-level page is ignored. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    const app = new URL(appUrl);
    return url.protocol === app.protocol && url.host === app.host && url.pathname === app.pathname;
  } catch {
    return false;
  }
}
