import type { BrowserWindowConstructorOptions } from 'electron';

/** What varies between runs: where the built preload is and whether this is a development build. */
export interface WindowOptionsInput {
  /** Absolute path of the built preload (`out/preload/preload.cjs`). */
  preloadPath: string;
  /** Development (electron-vite dev or an unpackaged run): DevTools allowed. */
  isDevelopment: boolean;
}

/**
 * The main window's options. Every hardening switch is spelled out even where Electron 45's default already
 * agrees, so a reader (and electronegativity) sees the intent, and a default changing upstream changes nothing.
 * Ref: https://www.electronjs.org/docs/latest/tutorial/security (checklist items 2–4, 6, 9, 10, 12).
 */
export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'Hookline',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false, // shown on 'ready-to-show', so the window never flashes white before the dark UI paints
    backgroundColor: '#111418',
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false, // a file dropped outside the drop zone must not replace the app with that file
      disableBlinkFeatures: 'Auxclick', // middle-click on a link opens nothing (window.open is denied as well)
      spellcheck: false,
      devTools: input.isDevelopment,
    },
  };
}

/**
 * The hidden window that prints a report to PDF: no preload, no JavaScript (the report is static HTML), the
 * same sandbox. It loads one local file and is destroyed after printing.
 */
export function printWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      javascript: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    },
  };
}
