// The renderer's build settings, shared by the web build (renderer/vite.config.ts) and the Electron build
// (electron.vite.config.ts) so both produce the same app. No Node imports: ESLint holds renderer/ to the sandbox.
import vue from '@vitejs/plugin-vue';
import vueI18n from '@intlify/unplugin-vue-i18n/vite';
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
    // The catalogues (shared/i18n/locales/*.json) are compiled to message ASTs at build time when the workbench
    // imports them with `?i18n` (app/i18n.ts), and vue-i18n is its runtime-only build: no message compiler, no
    // `new Function` under the CSP. The engine and the report import the same files plainly, as JSON strings
    // (shared/i18n/format-message.ts). The glob's `?` matches the query's `?` (picomatch: one character).
    plugins: [vue(), vueI18n({ include: ['**/shared/i18n/locales/*.json?i18n'], runtimeOnly: true, compositionOnly: true, fullInstall: false, strictMessage: true, escapeHtml: false })],
    worker: { format: 'es' },
    // Monaco's core editor is one ~3 MB chunk, loaded lazily when evidence is first opened.
    build: { target: rendererTarget, sourcemap: true, chunkSizeWarningLimit: 3072 },
  };
}
