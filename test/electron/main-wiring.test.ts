import { describe, expect, it, vi } from 'vitest';
import { menuActionChannel } from '../../shared/ipc/contract';
import { documentPolicy } from '../../electron/content-security-policy';
import { windowOptions } from '../../electron/window-options';

// electron/main.ts is wiring only; this runs it for real against a recording stand-in for the 'electron' module,
// so the wiring (privileged scheme, sandbox, session policy, IPC sender check, window, menu) is checked without
// the Electron binary.

type Listener = (...args: unknown[]) => unknown;

const recorded = vi.hoisted(() => {
  const state = {
    privilegedSchemes: [] as unknown[],
    sandboxEnabled: false,
    appListeners: new Map<string, Listener>(),
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, Listener>(),
    windows: [] as { options: Record<string, unknown>; loadedUrl?: string; sent: unknown[][]; contentsOnce: Map<string, Listener> }[],
    menuTemplate: undefined as unknown,
    permissionRequestHandler: undefined as Listener | undefined,
    permissionCheckHandler: undefined as Listener | undefined,
    beforeRequest: undefined as Listener | undefined,
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    static focused: BrowserWindow | null = null;
    static all: BrowserWindow[] = [];
    static getFocusedWindow = () => BrowserWindow.focused;
    static getAllWindows = () => BrowserWindow.all;
    record: (typeof recorded.windows)[number];
    webContents: { send: Listener; once: Listener; on: Listener; printToPDF: Listener };
    constructor(options: Record<string, unknown>) {
      const record = { options, sent: [] as unknown[][], contentsOnce: new Map<string, Listener>() };
      this.record = record;
      recorded.windows.push(record);
      BrowserWindow.all.push(this);
      this.webContents = {
        send: (...args: unknown[]) => record.sent.push(args),
        once: (event: unknown, listener: unknown) => record.contentsOnce.set(event as string, listener as Listener),
        on: () => undefined,
        printToPDF: async () => new Uint8Array(),
      };
    }
    once() {}
    on() {}
    async loadURL(url: string) {
      this.record.loadedUrl = url;
    }
  }
  return {
    app: {
      isPackaged: false,
      enableSandbox: () => {
        recorded.sandboxEnabled = true;
      },
      requestSingleInstanceLock: () => true,
      on: (event: string, listener: Listener) => recorded.appListeners.set(event, listener),
      whenReady: () => Promise.resolve(),
      getVersion: () => '0.1.0',
      getLocale: () => 'en-US',
      getPath: (name: string) => `/tmp/hookline-fake-${name}`,
      getAppPath: () => process.cwd(),
      quit: () => undefined,
    },
    BrowserWindow,
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true }) },
    ipcMain: { handle: (channel: string, handler: Listener) => recorded.ipcHandlers.set(channel, handler) },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => {
        recorded.menuTemplate = menu;
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => recorded.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => {
          recorded.permissionRequestHandler = handler;
        },
        setPermissionCheckHandler: (handler: Listener) => {
          recorded.permissionCheckHandler = handler;
        },
        webRequest: {
          onBeforeRequest: (listener: Listener) => {
            recorded.beforeRequest = listener;
          },
        },
      },
    },
  };
});

async function startMain(): Promise<void> {
  process.argv.push('--demo');
  await import('../../electron/main');
  await new Promise((resolve) => setTimeout(resolve, 0)); // let whenReady().then(...) run
}

describe('electron/main.ts wiring', () => {
  it('registers app:// as privileged and sandboxes every renderer before ready', async () => {
    await startMain();
    expect(recorded.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(recorded.sandboxEnabled).toBe(true);
  });

  it('opens one window with the hardened options on app://hookline/index.html', () => {
    expect(recorded.windows).toHaveLength(1);
    const [window] = recorded.windows;
    expect(window.loadedUrl).toBe('app://hookline/index.html');
    const preload = (window.options.webPreferences as { preload: string }).preload;
    expect(preload).toMatch(/preload[/\\]preload\.cjs$/);
    expect(window.options).toEqual(windowOptions({ preloadPath: preload, isDevelopment: true }));
  });

  it('with --demo, asks the renderer to open the demo case once the page has loaded', () => {
    const [window] = recorded.windows;
    expect(window.sent).toEqual([]);
    window.contentsOnce.get('did-finish-load')?.();
    expect(window.sent).toEqual([[menuActionChannel, 'demo.open']]);
  });

  it('hardens every web contents and the default session', () => {
    const listeners: string[] = [];
    let openHandler: (() => unknown) | undefined;
    recorded.appListeners.get('web-contents-created')?.({}, {
      on: (event: string) => listeners.push(event),
      setWindowOpenHandler: (handler: () => unknown) => {
        openHandler = handler;
      },
    });
    expect(listeners.sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
    expect(openHandler?.()).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    recorded.permissionRequestHandler?.({}, 'media', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false]);
    expect(recorded.permissionCheckHandler?.()).toBe(false);
    const cancelled: boolean[] = [];
    recorded.beforeRequest?.({ url: 'https://example.com/' }, (response: { cancel: boolean }) => cancelled.push(response.cancel));
    expect(cancelled).toEqual([true]);
  });

  it('serves the renderer folder on app:// with the CSP', async () => {
    const handler = recorded.protocolHandlers.get('app');
    const response = await handler?.(new Request('app://hookline/index.html'));
    expect(response?.status).toBe(200);
    expect(response?.headers.get('content-security-policy')).toBe(documentPolicy);
    expect(await response?.text()).toContain('<title>Hookline</title>');
  });

  it('handles every contract channel, only for the app page', async () => {
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual(['app.info', 'case.open', 'case.openPath', 'case.recent', 'case.save', 'demo.load', 'report.pdf', 'report.save']);
    const appInfo = recorded.ipcHandlers.get('app.info');
    expect(await appInfo?.({ senderFrame: { url: 'app://hookline/index.html' } })).toMatchObject({ ok: true, value: { version: '0.1.0', locale: 'en-US' } });
    expect(await appInfo?.({ senderFrame: { url: 'https://evil.example/' } })).toEqual({
      ok: false,
      code: 'invalid-argument',
      message: 'app.info: IPC from a frame outside the app',
    });
    expect(await appInfo?.({ senderFrame: null })).toMatchObject({ ok: false, code: 'invalid-argument' });
    const cancelled = await recorded.ipcHandlers.get('case.open')?.({ senderFrame: { url: 'app://hookline/' } });
    expect(cancelled).toEqual({ ok: false, code: 'cancelled', message: 'the dialog was closed' });
  });

  it('installs the menu, whose items send whitelisted actions to the window', () => {
    const template = recorded.menuTemplate as { label: string; submenu: { label?: string; click?: () => void }[] }[];
    expect(template.map((m) => m.label)).toEqual(process.platform === 'darwin' ? ['Hookline', 'File', 'Edit', 'View', 'Help'] : ['File', 'Edit', 'View', 'Help']);
    const file = template.find((m) => m.label === 'File');
    file?.submenu.find((item) => item.label === 'Save case')?.click?.();
    expect(recorded.windows[0].sent.at(-1)).toEqual([menuActionChannel, 'case.save']);
  });
});
