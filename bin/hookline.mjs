#!/usr/bin/env node
// The `hookline` command: the bundled CLI built by `npm run build:cli` (run by `npm ci` as `prepare`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../out/cli/hookline.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('hookline: the CLI is not built yet; run `npm run build:cli` (npm ci does it)\n');
  process.exit(1);
}
await import(bundle);
