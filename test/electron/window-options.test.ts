import { describe, expect, it } from 'vitest';
import { printWindowOptions, windowOptions } from '../../electron/window-options';

const hardened = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  disableBlinkFeatures: 'Auxclick',
};

describe('window options', () => {
  it('the main window is isolated, sandboxed, without Node, with only the preload', () => {
    const options = windowOptions({ preloadPath: '/app/out/preload/preload.cjs', isDevelopment: false });
    expect(options.webPreferences).toEqual({
      ...hardened,
      preload: '/app/out/preload/preload.cjs',
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    });
    expect(options.show).toBe(false);
  });

  it('allows DevTools only in development', () => {
    expect(windowOptions({ preloadPath: '/p.cjs', isDevelopment: true }).webPreferences?.devTools).toBe(true);
  });

  it('the hidden PDF window has the same locks, no preload and no JavaScript', () => {
    const options = printWindowOptions();
    expect(options.show).toBe(false);
    expect(options.webPreferences).toEqual({ ...hardened, javascript: false, devTools: false });
    expect(options.webPreferences).not.toHaveProperty('preload');
  });
});
