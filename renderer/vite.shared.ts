// The renderer's build settings, shared by the web build (renderer/vite.config.ts) and the Electron build
// (electron.vite.config.ts) so both produce the same app. No Node imports: ESLint holds renderer/ to the sandbox.
import vue from '@vitejs/plugin-vue';
import type { UserConfig } from 'vite';

/** The renderer's folder, relative to the repository root (npm scripts and electron-vite run from there). */
export const rendererRoot = 'renderer';

/** Chromium of Electron 45 and the Debian Chromium the end-to-end tests drive: module workers, top-level await. */
export const rendererTarget = 'chrome120';

/**
 * Settings every renderer build shares: relative asset URLs (`file://` in Electron, any sub-path on the web), the
 * Vue plugin, and ES-module workers (the engine worker imports the engine as modules).
 */
export function rendererSettings(): UserConfig {
  return {
    root: rendererRoot,
    base: './',
    plugins: [vue()],
    worker: { format: 'es' },
    // Monaco's core editor is one ~3 MB chunk, loaded lazily when evidence is first opened.
    build: { target: rendererTarget, sourcemap: true, chunkSizeWarningLimit: 3072 },
  };
}
