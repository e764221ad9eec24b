import type { HooklineBridge, IpcResult } from '../../../shared/ipc/contract';
import { pickFiles } from './pick-files';
import type { Platform, PlatformResult, Saved } from './platform';

/** Runs a bridge call; a rejected promise (the IPC itself failed) becomes an `io-error` value too. */
async function call<T>(request: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await request();
  } catch (error) {
    return { ok: false, code: 'io-error', message: `the desktop shell did not answer: ${String(error)}` };
  }
}

function located(result: IpcResult<{ path: string }>): PlatformResult<Saved> {
  return result.ok ? { ok: true, value: { location: result.value.path } } : result;
}

/** The Electron host: everything goes through the preload's `window.hookline`; artifacts are picked with the File API. */
export function createElectronPlatform(bridge: HooklineBridge, pick: typeof pickFiles = pickFiles): Platform {
  return {
    name: 'electron',
    pickArtifacts: (options = {}) => pick({ folder: options.folder === true, multiple: true }),
    async loadDemoCase() {
      const result = await call(() => bridge.demoLoad());
      if (!result.ok) return result;
      // Copy into a fresh ArrayBuffer: bytes that crossed IPC may be a view on a larger or shared buffer.
      return { ok: true, value: result.value.map((f) => new File([new Uint8Array(f.bytes)], f.name)) };
    },
    saveCase: async (content, location) => located(await call(() => bridge.caseSave({ path: location, content }))),
    openCase: (location) => call(() => (location === undefined ? bridge.caseOpen() : bridge.caseOpenPath(location))),
    recentCases: () => call(() => bridge.caseRecent()),
    exportReport: async (name, content) => located(await call(() => bridge.reportSave({ suggestedName: name, content }))),
    exportPdf: async (name, html) => located(await call(() => bridge.reportPdf({ suggestedName: name, html }))),
    onMenuAction: (callback) => bridge.onMenuAction(callback),
    systemLocale: async () => {
      const info = await call(() => bridge.appInfo());
      return info.ok ? info.value.locale : navigator.language;
    },
  };
}
