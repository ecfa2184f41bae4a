import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A stand-in for the 'electron' module: records what main, preload and security
 * register, so tests can call the captured handlers with hostile input. The real
 * package is never required (newer versions download the runtime on first require).
 */
export function createFakeElectron() {
  class FakeWebContents extends EventEmitter {
    static nextId = 1;
    id = FakeWebContents.nextId++;
    windowOpenHandler: ((details: { url: string; disposition?: string }) => { action: string }) | null = null;
    posted: { channel: string; message: unknown; transfer: unknown[] }[] = [];
    sent: { channel: string; args: unknown[] }[] = [];
    setWindowOpenHandler(handler: (details: { url: string; disposition?: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
    isDestroyed() {
      return false;
    }
    postMessage(channel: string, message: unknown, transfer: unknown[] = []) {
      this.posted.push({ channel, message, transfer });
    }
    send(channel: string, ...args: unknown[]) {
      this.sent.push({ channel, args });
    }
  }

  const windows: FakeBrowserWindow[] = [];
  class FakeBrowserWindow extends EventEmitter {
    webContents = new FakeWebContents();
    loaded: string | null = null;
    loadOptions: unknown = undefined;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadFile(path: string, options?: unknown) {
      this.loaded = path;
      this.loadOptions = options;
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus = vi.fn();
    show = vi.fn();
  }

  const app = Object.assign(new EventEmitter(), {
    gotLock: true,
    isPackaged: true,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => app.gotLock),
    quit: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => `/fake/${name}`),
  });

  const permission = {
    request: null as null | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
    check: null as null | ((...args: unknown[]) => boolean),
    device: null as null | ((...args: unknown[]) => boolean),
    headers: null as
      null | ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void),
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn((h) => (permission.request = h)),
      setPermissionCheckHandler: vi.fn((h) => (permission.check = h)),
      setDevicePermissionHandler: vi.fn((h) => (permission.device = h)),
      webRequest: { onHeadersReceived: vi.fn((h) => (permission.headers = h)) },
    },
  };

  const ipcHandlers = new Map<string, (...args: unknown[]) => unknown>();
  const ipcListeners = new Map<string, (...args: unknown[]) => unknown>();
  const ipcMain = {
    handle: vi.fn((channel: string, fn: (...args: unknown[]) => unknown) => ipcHandlers.set(channel, fn)),
    on: vi.fn((channel: string, fn: (...args: unknown[]) => unknown) => ipcListeners.set(channel, fn)),
  };

  class FakeUtilityProcess extends EventEmitter {
    messages: { message: unknown; transfer: unknown[] }[] = [];
    constructor(
      readonly modulePath: string,
      readonly args: string[],
      readonly options: unknown,
    ) {
      super();
    }
    postMessage(message: unknown, transfer: unknown[] = []) {
      this.messages.push({ message, transfer });
    }
    kill = vi.fn(() => true);
  }
  const forked: FakeUtilityProcess[] = [];
  const utilityProcess = {
    fork: vi.fn((modulePath: string, args: string[], options: unknown) => {
      const p = new FakeUtilityProcess(modulePath, args, options);
      forked.push(p);
      return p;
    }),
  };
  class MessageChannelMain {
    port1 = { name: 'port1', start: vi.fn(), close: vi.fn() };
    port2 = { name: 'port2', start: vi.fn(), close: vi.fn() };
  }

  const shell = { openExternal: vi.fn(() => Promise.resolve()) };
  // A stand-in for the OS keyring: reversible, but visibly not the plain text.
  const safeStorage = {
    available: true,
    backend: 'gnome_libsecret',
    isEncryptionAvailable: vi.fn(() => safeStorage.available),
    getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
    encryptString: vi.fn((plain: string) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`)),
    decryptString: vi.fn((b: Buffer) => Buffer.from(b.toString().slice(4), 'hex').toString()),
  };
  const Menu = { setApplicationMenu: vi.fn() };

  // Preload side.
  const exposed = new Map<string, unknown>();
  const contextBridge = { exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)) };
  const rendererListeners = new Map<string, (...args: unknown[]) => void>();
  const ipcRenderer = {
    on: vi.fn((channel: string, fn: (...args: unknown[]) => void) => rendererListeners.set(channel, fn)),
    send: vi.fn(),
    invoke: vi.fn((..._args: unknown[]) => Promise.resolve(true)),
  };

  return {
    module: {
      app,
      BrowserWindow: FakeBrowserWindow,
      Menu,
      session,
      ipcMain,
      utilityProcess,
      MessageChannelMain,
      shell,
      safeStorage,
      contextBridge,
      ipcRenderer,
    },
    app,
    Menu,
    windows,
    permission,
    session,
    ipcHandlers,
    ipcListeners,
    forked,
    shell,
    safeStorage,
    exposed,
    ipcRenderer,
    rendererListeners,
    FakeWebContents,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
