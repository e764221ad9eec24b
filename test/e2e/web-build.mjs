// Builds the web renderer only when out/web is missing or older than what goes into it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the web build is made of: the renderer, the engine it bundles into the worker, the demo case, the build inputs. */
const inputs = ['renderer', 'shared', 'test/fixtures/cases/hidden-hook', 'scripts/copy-demo-case.mjs', 'package.json'];
const ignored = new Set(['node_modules', 'public']);

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (ignored.has(entry)) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

/** Returns 'fresh' or 'built'; throws when the build fails. */
export function ensureWebBuild(outDir = 'out/web') {
  const marker = join(outDir, 'index.html');
  if (existsSync(marker)) {
    const built = statSync(marker).mtimeMs;
    if (inputs.every((input) => newest(input) <= built)) return 'fresh';
  }
  const result = spawnSync('npm', ['run', '--silent', 'build:web'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm run build:web failed (status ${result.status})`);
  return 'built';
}
