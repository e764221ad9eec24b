import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Unit, format, engine and Vue component tests. End-to-end tests (Chromium) run from test/e2e/run-e2e.mjs.
export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30000,
    pool: 'threads',
  },
});
