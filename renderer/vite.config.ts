// The browser build of the renderer: `npm run build:web` → out/web (served by any static host, and by test/e2e).
import { defineConfig } from 'vite';
import { rendererSettings } from './vite.shared';

export default defineConfig(() => {
  const settings = rendererSettings();
  return { ...settings, build: { ...settings.build, outDir: '../out/web', emptyOutDir: true } };
});
