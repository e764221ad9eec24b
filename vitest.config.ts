import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Unit, format, engine and Vue component tests. End-to-end tests (Chromium) run from test/e2e/run-e2e.mjs.
export default defineConfig({
  plugins: [vue()],
  // The app imports its catalogues with `?i18n` for the build's precompiler (renderer/vite.shared.ts); tests read
  // the same JSON as strings and vue-i18n's full build compiles them.
  resolve: { alias: [{ find: /^(.*\.json)\?i18n$/, replacement: '$1' }] },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30000,
    pool: 'threads',
    // Component tests mount with the app's vue-i18n (English): test/renderer/i18n-setup.ts.
    setupFiles: ['test/renderer/i18n-setup.ts'],
  },
});
