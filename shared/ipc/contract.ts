// The typed contract between the renderer and the Electron shell. Types only: the preload exposes exactly one
// method per call below (on `window.hookline`), and main validates every argument with the zod schemas in
// electron/ipc-schemas.ts before the logic in electron/*.ts runs. Channel names are `domain.verb`.

/** Errors travel as values with a code, never as exceptions across IPC. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: IpcErrorCode; message: string };

export type IpcErrorCode =
  | 'invalid-argument' // the arguments failed validation in main
  | 'cancelled' // the user closed a dialog
  | 'not-found'
  | 'io-error'
  | 'bad-case-file' // a case file that does not parse or has an unknown version
  | 'unavailable'; // the host cannot do this (e.g. PDF without a printer)

/** A case file as read from disk: where it is and its JSON text (parsed and migrated by shared/case). */
export interface CaseFileText {
  path: string;
  content: string;
}

/** A small bundled artifact (the demo case): name and bytes. Only small files cross IPC; big ones are read with the File API. */
export interface BundledFile {
  name: string;
  bytes: Uint8Array;
}

export interface AppInfo {
  version: string;
  platform: string;
  electron: string;
  locale: string;
}

/** Every call, its argument and its answer. */
export interface HooklineApi {
  'app.info': { args: []; result: AppInfo };
  'case.open': { args: []; result: CaseFileText };
  'case.openPath': { args: [path: string]; result: CaseFileText };
  'case.save': { args: [request: { path: string | null; content: string }]; result: { path: string } };
  'case.recent': { args: []; result: string[] };
  'report.save': { args: [request: { suggestedName: string; content: string }]; result: { path: string } };
  'report.pdf': { args: [request: { suggestedName: string; html: string }]; result: { path: string } };
  'demo.load': { args: []; result: BundledFile[] };
}

export type HooklineChannel = keyof HooklineApi;

/** What the preload exposes on `window.hookline`: `domain.verb` → `domainVerb(...)`. */
export interface HooklineBridge {
  appInfo(): Promise<IpcResult<AppInfo>>;
  caseOpen(): Promise<IpcResult<CaseFileText>>;
  caseOpenPath(path: string): Promise<IpcResult<CaseFileText>>;
  caseSave(request: { path: string | null; content: string }): Promise<IpcResult<{ path: string }>>;
  caseRecent(): Promise<IpcResult<string[]>>;
  reportSave(request: { suggestedName: string; content: string }): Promise<IpcResult<{ path: string }>>;
  reportPdf(request: { suggestedName: string; html: string }): Promise<IpcResult<{ path: string }>>;
  demoLoad(): Promise<IpcResult<BundledFile[]>>;
  /** Subscribes to the app menu (main → renderer on `menu.action`); returns the unsubscribe function. */
  onMenuAction(callback: (action: MenuAction) => void): () => void;
}

/** The only events main sends to the renderer: what the user picked in the app menu. */
export const menuActions = ['case.open', 'artifacts.open', 'case.save', 'report.export', 'report.pdf', 'demo.open', 'help.about'] as const;

/** One app-menu command the renderer carries out (it owns the case state, so it decides what "Save case" saves). */
export type MenuAction = (typeof menuActions)[number];

/** The one main → renderer channel; its payload is a `MenuAction`, checked against `menuActions` on both sides. */
export const menuActionChannel = 'menu.action';

/** The bridge method name for a channel (`case.openPath` → `caseOpenPath`). */
export const bridgeMethod: Record<HooklineChannel, keyof HooklineBridge> = {
  'app.info': 'appInfo',
  'case.open': 'caseOpen',
  'case.openPath': 'caseOpenPath',
  'case.save': 'caseSave',
  'case.recent': 'caseRecent',
  'report.save': 'reportSave',
  'report.pdf': 'reportPdf',
  'demo.load': 'demoLoad',
};
