import type { HooklineBridge } from '../../../shared/ipc/contract';
import { createBrowserPlatform } from './browser-platform';
import { createElectronPlatform } from './electron-platform';
import type { Platform } from './platform';

/** Electron when its preload exposed `window.hookline`, the browser host otherwise. */
export function selectPlatform(host: { hookline?: HooklineBridge } = window): Platform {
  return host.hookline ? createElectronPlatform(host.hookline) : createBrowserPlatform();
}
