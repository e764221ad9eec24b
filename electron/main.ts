// The Electron main process: wiring only. Every decision lives in a plain module beside this file, tested
// without Electron: window options, session policy, the app:// protocol, IPC validation and logic, the menu.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { menuActionChannel, type HooklineChannel, type MenuAction } from '../shared/ipc/contract';
import { appEntryUrl, appScheme, handleAppRequest, isTrustedSender } from './app-protocol';
import { demoCaseDirectory } from './demo-case';
import { handleCall, type IpcDeps } from './ipc-handlers';
import { ipcSchemas } from './ipc-schemas';
import { parseLaunchOptions } from './launch-options';
import { buildMenuModel, isMenuAction } from './menu-model';
import { toMenuTemplate } from './menu-template';
import { createRecentFiles } from './recent-files';
import { hardenSession, hardenWebContents } from './session-policy';
import { printWindowOptions, windowOptions } from './window-options';

// Must happen before 'ready': app:// behaves like https (standard URL parsing, secure context, fetch).
protocol.registerSchemesAsPrivileged([{ scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
// Every renderer sandboxed, whatever a window's options say.
app.enableSandbox();

const here = fileURLToPath(new URL('.', import.meta.url)); // out/main/
const rendererRoot = join(here, '..', 'renderer');
const preloadPath = join(here, '..', 'preload', 'preload.cjs');
const isDevelopment = !app.isPackaged;
// Set by `electron-vite dev` only; a packaged app never loads from a server.
const devServerUrl = isDevelopment ? process.env.ELECTRON_RENDERER_URL : undefined;
const launch = parseLaunchOptions(process.argv);

let mainWindow: BrowserWindow | null = null;

function sendMenuAction(action: MenuAction): void {
  const target = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (target && isMenuAction(action)) target.webContents.send(menuActionChannel, action);
}

async function printHtmlFile(htmlFile: string): Promise<Uint8Array> {
  // eng-disable below: electronegativity reads options only from an object literal at the call site; these come
  // from printWindowOptions() (contextIsolation, sandbox, Auxclick disabled), pinned by test/electron/window-options.test.ts.
  const printer = new BrowserWindow(printWindowOptions()); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
  try {
    await printer.loadFile(htmlFile);
    return await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    printer.destroy();
  }
}

const deps: IpcDeps = {
  appInfo: () => ({ version: app.getVersion(), platform: process.platform, electron: process.versions.electron ?? '', locale: app.getLocale() }),
  chooseOpenPath: async ({ title, filters }) => {
    const options = { title, filters, properties: ['openFile' as const] };
    const owner = BrowserWindow.getFocusedWindow() ?? mainWindow;
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  chooseSavePath: async ({ title, defaultName, filters }) => {
    const options = { title, filters, defaultPath: join(app.getPath('documents'), defaultName) };
    const owner = BrowserWindow.getFocusedWindow() ?? mainWindow;
    const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  },
  recent: createRecentFiles(join(app.getPath('userData'), 'recent-cases.json')),
  grantedPaths: new Set<string>(),
  demoCaseDirectory: demoCaseDirectory({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() }),
  printHtml: printHtmlFile,
  log: (channel, error) => console.error(`hookline: ${channel} failed:`, error),
};

function createMainWindow(): void {
  // eng-disable below: as for the printer, the hardened options come from windowOptions() and are pinned by a test.
  const window = new BrowserWindow(windowOptions({ preloadPath, isDevelopment })); // eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  if (launch.demo) window.webContents.once('did-finish-load', () => sendMenuAction('demo.open'));
  void window.loadURL(devServerUrl ?? appEntryUrl);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, devServerUrl);
    protocol.handle(appScheme, (request) => handleAppRequest(request, rendererRoot));
    for (const channel of Object.keys(ipcSchemas) as HooklineChannel[]) {
      ipcMain.handle(channel, (event, ...args: unknown[]) => {
        if (!isTrustedSender(event.senderFrame?.url, devServerUrl)) {
          return { ok: false, code: 'invalid-argument', message: `${channel}: IPC from a frame outside the app` };
        }
        return handleCall(channel, args, deps);
      });
    }
    Menu.setApplicationMenu(Menu.buildFromTemplate(toMenuTemplate(buildMenuModel({ platform: process.platform, isDevelopment }), sendMenuAction)));
    createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
    });
  });
}
