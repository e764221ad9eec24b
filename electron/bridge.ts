import { menuActions, type HooklineBridge, type HooklineChannel, type IpcResult, type MenuAction } from '../shared/ipc/contract';

/** How the bridge reaches main: `ipcRenderer.invoke` in the preload, a fake in tests. */
export type Invoke = (channel: HooklineChannel, ...args: unknown[]) => Promise<unknown>;

/** How the bridge hears main's menu events: subscribes a raw listener, returns its removal. */
export type SubscribeMenu = (listener: (payload: unknown) => void) => () => void;

/**
 * The object the preload exposes as `window.hookline`: exactly one method per call of the contract, each a
 * single `invoke(channel, ...args)`, plus the menu subscription. Nothing else of ipcRenderer reaches the page.
 */
export function createBridge(invoke: Invoke, subscribeMenu: SubscribeMenu): HooklineBridge {
  const call = <T>(channel: HooklineChannel, ...args: unknown[]) => invoke(channel, ...args) as Promise<IpcResult<T>>;
  return {
    appInfo: () => call('app.info'),
    caseOpen: () => call('case.open'),
    caseOpenPath: (path) => call('case.openPath', path),
    caseSave: (request) => call('case.save', request),
    caseRecent: () => call('case.recent'),
    reportSave: (request) => call('report.save', request),
    reportPdf: (request) => call('report.pdf', request),
    demoLoad: () => call('demo.load'),
    onMenuAction: (callback) =>
      subscribeMenu((payload) => {
        // Only whitelisted actions reach the page, and never the IPC event object (it holds the sender).
        if (typeof payload === 'string' && (menuActions as readonly string[]).includes(payload)) callback(payload as MenuAction);
      }),
  };
}
