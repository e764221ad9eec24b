// `npm test`: every runner of the house in turn — layer/type checks, lint, Vitest (unit, formats, engine, Vue),
// the fuzz pass, the Electron security check, the Chromium end-to-end tests — then one plain total as the last line:
// `tests: N passed, N failed`. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const only = process.argv.slice(2);
const results = [];

function run(name, command, args, parse) {
  if (only.length && !only.includes(name)) return;
  process.stdout.write(`\n━━ ${name}: ${command} ${args.join(' ')}\n`);
  const started = Date.now();
  const r = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  const counted = parse ? parse(r) : null;
  const passed = counted ? counted.passed : r.status === 0 ? 1 : 0;
  let failed = counted ? counted.failed : r.status === 0 ? 0 : 1;
  if (r.status !== 0 && failed === 0) failed = 1; // a runner that crashed counts as a failure even with no test counted
  results.push({ name, passed, failed, seconds: (Date.now() - started) / 1000 });
}

function lastSummary(pattern) {
  return (r) => {
    const text = `${r.stdout}\n${r.stderr}`;
    const m = [...text.matchAll(pattern)].pop();
    return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
  };
}

mkdirSync('test-results', { recursive: true });
run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
run('lint', 'npx', ['--no-install', 'eslint', '.']);
run('vitest', 'npx', ['--no-install', 'vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/vitest.json'], () => {
  if (!existsSync('test-results/vitest.json')) return null;
  const j = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  return { passed: j.numPassedTests, failed: j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0) };
});
if (existsSync('scripts/fuzz.mjs')) run('fuzz', 'node', ['scripts/fuzz.mjs', '--quick'], lastSummary(/fuzz: (\d+) passed, (\d+) failed/g));
if (existsSync('scripts/security-check.mjs')) run('security', 'node', ['scripts/security-check.mjs']);
if (existsSync('test/e2e/run-e2e.mjs')) run('e2e', 'node', ['test/e2e/run-e2e.mjs'], lastSummary(/e2e: (\d+) passed, (\d+) failed/g));

process.stdout.write('\n━━ summary\n');
for (const r of results) process.stdout.write(`  ${r.name.padEnd(10)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed  (${r.seconds.toFixed(1)} s)\n`);
const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
