// Bundles the CLI (cli/ + the engine in shared/) into one ESM file for `bin/hookline.mjs`.
// Runs as `prepare`, so `npm ci` leaves a working `npx hookline`.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
await build({
  entryPoints: ['cli/hookline.ts'],
  // HOOKLINE_CLI_OUT: tests build a private bundle instead of racing on the shared one.
  outfile: process.env.HOOKLINE_CLI_OUT || 'out/cli/hookline.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // xz-decompress is a UMD bundle that require()s "stream/web" in Node: ESM output needs a real require for it.
  banner: { js: "import { createRequire as __hooklineRequire } from 'node:module'; const require = __hooklineRequire(import.meta.url);" },
  define: {
    HOOKLINE_VERSION: JSON.stringify(pkg.version),
    // `hookline collect-script` prints the collector from the bundle itself.
    HOOKLINE_COLLECT_SCRIPT: JSON.stringify(readFileSync(new URL('../collect/hookline-collect.sh', import.meta.url), 'utf8')),
  },
});
