import type { CaseFileText, IpcResult, MenuAction } from '../../../shared/ipc/contract';

/** Answers from the host, errors as values with a code (the same shape as the IPC contract's). */
export type PlatformResult<T> = IpcResult<T>;

/** Where a saved case or an exported file went: a path on disk (Electron) or a storage key / file name (browser). */
export interface Saved {
  location: string;
}

/** How to pick artifacts: files (several) or one folder with everything under it. */
export interface PickOptions {
  folder?: boolean;
}

/**
 * What the renderer needs from the host it runs in. Two hosts: the Electron shell (`window.hookline`, dialogs and
 * files on disk) and a plain browser (File API, IndexedDB, downloads). The renderer never asks which one it is in
 * except through `name`, for wording.
 */
export interface Platform {
  readonly name: 'electron' | 'browser';
  /** Asks the user for artifact files or a folder; an empty list when they cancel. */
  pickArtifacts(options?: PickOptions): Promise<File[]>;
  /** The bundled demo case (hidden-hook), as files ready for the engine. */
  loadDemoCase(): Promise<PlatformResult<File[]>>;
  /** Saves a case file's JSON text; `location` null asks where (Electron) or makes a new entry (browser). */
  saveCase(content: string, location: string | null): Promise<PlatformResult<Saved>>;
  /** Opens a case: the one at `location`, else the one the user picks. */
  openCase(location?: string): Promise<PlatformResult<CaseFileText>>;
  /** Locations of recently saved or opened cases, most recent first. */
  recentCases(): Promise<PlatformResult<string[]>>;
  /** Saves an exported report (Markdown, HTML, JSON) under a suggested file name. */
  exportReport(name: string, content: string, mime: string): Promise<PlatformResult<Saved>>;
  /** Prints report HTML to a PDF file; `unavailable` where the host has no printer to PDF. */
  exportPdf(name: string, html: string): Promise<PlatformResult<Saved>>;
  /** The OS / browser language tag (Electron `app.getLocale()` through `app.info`, the browser's `navigator.language`). */
  systemLocale?(): Promise<string>;
  /** Calls `callback` for each app-menu command; returns the unsubscribe function. Hosts without a menu never call. */
  onMenuAction(callback: (action: MenuAction) => void): () => void;
}
