// The Electron build (`npm run build:electron`): three explicit entries, no convention guessing.
//   main     electron/main.ts     → out/main/index.js     (ESM; package.json "main")
//   preload  electron/preload.ts  → out/preload/preload.cjs (CommonJS: a sandboxed preload cannot be an ES module)
//   renderer renderer/index.html  → out/renderer/          (the same settings as the web build, renderer/vite.shared.ts)
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererSettings } from './renderer/vite.shared';

const renderer = rendererSettings();

export default defineConfig({
  main: {
    build: {
      outDir: resolve('out/main'),
      // Bundle zod and the engine into main: the packaged app then needs nothing from node_modules at runtime.
      externalizeDeps: false,
      rolldownOptions: { input: { index: resolve('electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve('out/preload'),
      // One self-contained file: a sandboxed preload can require only 'electron' (which stays external).
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve('electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...renderer,
    root: resolve('renderer'),
    build: {
      ...renderer.build,
      outDir: resolve('out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
