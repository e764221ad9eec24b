import type { HooklineBridge } from '../../../shared/ipc/contract';

declare global {
  interface Window {
    /** The Electron preload's bridge; absent in a plain browser. */
    hookline?: HooklineBridge;
  }
}
