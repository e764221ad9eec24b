// The preload: wiring only (the logic is electron/bridge.ts). It runs sandboxed, so it is bundled to one CommonJS
// file (out/preload/preload.cjs) that requires nothing but 'electron'.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { menuActionChannel } from '../shared/ipc/contract';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'hookline',
  createBridge(
    (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    (listener) => {
      const relay = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(menuActionChannel, relay);
      return () => {
        ipcRenderer.removeListener(menuActionChannel, relay);
      };
    },
  ),
);
