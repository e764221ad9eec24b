// The browser build of the renderer: `npm run build:web` → out/web (served by any static host, and by test/e2e).
// Two pages: the app, and the timeline benchmark the end-to-end tests drive (a million synthetic marks). Page
// paths are relative to the repository root, where npm scripts run (as in electron.vite.config.ts).
import { defineConfig } from 'vite';
import { rendererRoot, rendererSettings } from './vite.shared';

export default defineConfig(() => {
  const settings = rendererSettings();
  return {
    ...settings,
    build: {
      ...settings.build,
      outDir: '../out/web',
      emptyOutDir: true,
      rolldownOptions: { input: { index: `${rendererRoot}/index.html`, bench: `${rendererRoot}/timeline-bench.html` } },
    },
  };
});
