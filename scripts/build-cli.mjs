// Bundles the CLI (cli/ + the engine in shared/) into one ESM file for `bin/hookline.mjs`.
// Runs as `prepare`, so `npm ci` leaves a working `npx hookline`.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: ['cli/hookline.ts'],
  outfile: 'out/cli/hookline.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  define: { HOOKLINE_VERSION: JSON.stringify(pkg.version) },
});
