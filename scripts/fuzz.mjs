// `npm run fuzz` — 10 000 mutated inputs per format (issue: formats quality bar); `--quick` (CI) runs 600.
// Bundles test/fuzz/fuzz-formats.ts with esbuild, then runs it. Prints `fuzz: N passed, M failed` (formats).
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const value = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const iterations = Number(value('--iterations', args.includes('--quick') ? 600 : 10000));
const seed = Number(value('--seed', 20261125));
const only = value('--format', null);

await build({ entryPoints: ['test/fuzz/fuzz-formats.ts'], outfile: 'out/fuzz/fuzz-formats.mjs', bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
const { runFuzz } = await import(pathToFileURL('out/fuzz/fuzz-formats.mjs').href);
const result = runFuzz(iterations, seed, only);
console.log(`fuzz: ${result.passed} passed, ${result.failed} failed`);
process.exitCode = result.failed ? 1 : 0;
