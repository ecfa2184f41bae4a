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
    reload = vi.fn();
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
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
    fullScreen = false;
    isFullScreen() {
      return this.fullScreen;
    }
    setFullScreen = vi.fn((flag: boolean) => (this.fullScreen = flag));
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
    exit: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => `/fake/${name}`),
  });

  const permission = {
    request: null as
      | null
      | ((
          wc: unknown,
          permission: string,
          cb: (ok: boolean) => void,
          details?: { requestingUrl?: string; isMainFrame?: boolean },
        ) => void),
    check: null as null | ((...args: unknown[]) => boolean),
    device: null as null | ((...args: unknown[]) => boolean),
    headers: null as
      null | ((details: { url: string; responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void),
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
  /**
   * MessagePortMain (docs/api/message-port-main.md): an EventEmitter whose 'message' event
   * carries `{ data, ports }`; what one port posts arrives at its partner, and "Messages will
   * be queued until this method [start()] is called".
   */
  class FakePortMain extends EventEmitter {
    partner: FakePortMain | null = null;
    private queue: unknown[] | null = [];
    constructor(readonly name: string) {
      super();
    }
    start = vi.fn(() => {
      const queued = this.queue ?? [];
      this.queue = null;
      for (const data of queued) this.deliver(data);
    });
    close = vi.fn();
    postMessage(data: unknown) {
      this.partner?.receive(data);
    }
    private receive(data: unknown) {
      if (this.queue) this.queue.push(data);
      else this.deliver(data);
    }
    private deliver(data: unknown) {
      queueMicrotask(() => this.emit('message', { data, ports: [] }));
    }
  }
  class MessageChannelMain {
    port1 = new FakePortMain('port1');
    port2 = new FakePortMain('port2');
    constructor() {
      this.port1.partner = this.port2;
      this.port2.partner = this.port1;
    }
  }

  const shell = { openExternal: vi.fn(() => Promise.resolve()) };

  /**
   * safeStorage as Electron 40 implements it (shell/browser/api/electron_api_safe_storage.cc):
   * on Linux `isEncryptionAvailable()` is `OSCrypt::IsEncryptionAvailable() || (use_password_v10_
   * && backend == "basic_text")`: a real keyring, or the 'basic_text' backend only after
   * setUsePlainTextEncryption(true); encryptString and decryptString throw ("Encryption is not
   * available." / "Decryption is not available.") whenever it is false. Ciphertext is
   * prefixed 'v10' (fixed password) or 'v11' (keyring key), as Chromium's OSCrypt does; a
   * 'v11' text cannot be read without the keyring.
   */
  const safeStorage = {
    /** Whether the OS keyring answers (false: locked, gone, or none on this desktop). */
    keyring: true,
    backend: 'gnome_libsecret' as string,
    plainText: false,
    isEncryptionAvailable: vi.fn(
      () =>
        (safeStorage.backend !== 'basic_text' && safeStorage.keyring) ||
        (safeStorage.plainText && safeStorage.backend === 'basic_text'),
    ),
    getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
    setUsePlainTextEncryption: vi.fn((on: boolean) => (safeStorage.plainText = on)),
    encryptString: vi.fn((plain: string) => {
      if (!safeStorage.isEncryptionAvailable())
        throw new Error(
          'Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.',
        );
      const version = safeStorage.backend === 'basic_text' ? 'v10' : 'v11';
      return Buffer.from(`${version}${Buffer.from(plain).toString('hex')}`);
    }),
    decryptString: vi.fn((b: Buffer) => {
      if (!safeStorage.isEncryptionAvailable())
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.',
        );
      const text = b.toString();
      if (text.startsWith('v11') && safeStorage.backend === 'basic_text') throw new Error('Error while decrypting');
      return Buffer.from(text.slice(3), 'hex').toString();
    }),
  };
  const dialog = { showErrorBox: vi.fn() };
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
    registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => protocol.privileged.push(...schemes)),
    handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response> | Response) =>
      protocol.handlers.set(scheme, handler),
    ),
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
      dialog,
      protocol,
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
    dialog,
    protocol,
    exposed,
    ipcRenderer,
    rendererListeners,
    FakeWebContents,
    FakePortMain,
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
