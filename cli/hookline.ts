import { analyzePathsAsync } from './analyze-paths';
import { backgroundHasher } from './hash-in-worker';
import { stderrProgress } from './progress-source';
import { parseArgs, USAGE, UsageError } from './parse-args';
import { renderSummary } from './print-summary';
import { cliReportMeta, writeReport } from './write-report';
import { collectScript } from './collect-script';
import { cliLocale } from './cli-locale';

declare const HOOKLINE_VERSION: string;

/** Runs the CLI; returns the exit status (0 analysed, 2 usage error, 1 internal error or a report not written). */
export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`hookline: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (args.command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (args.command === 'version') {
    process.stdout.write(`${typeof HOOKLINE_VERSION === 'string' ? HOOKLINE_VERSION : 'dev'}\n`);
    return 0;
  }
  if (args.command === 'collect-script') {
    const script = collectScript();
    if (script === null) {
      process.stderr.write('hookline: this CLI was not built with the collector; run `npm run build:cli` (or use collect/hookline-collect.sh)\n');
      return 1;
    }
    process.stdout.write(script);
    return 0;
  }
  const hasher = backgroundHasher();
  const progress = stderrProgress();
  let analysed;
  try {
    analysed = await analyzePathsAsync(args.paths, { hasher, onRead: progress.update });
  } finally {
    progress.done();
    await hasher.close();
  }
  const { verdict, ingested, errors, archiveWarnings, bundles } = analysed;
  if (errors.length > 0 && ingested.length === 0) {
    process.stderr.write(`hookline: cannot read ${errors.join(', ')}\n`);
    return 2;
  }
  for (const e of errors) process.stderr.write(`hookline: skipped ${e}\n`);
  for (const w of archiveWarnings) process.stderr.write(`hookline: archive ${w}\n`);
  for (const b of bundles) process.stderr.write(`hookline: ${b}\n`);
  // The report is written first, but its failure never hides the verdict: printed all the same, then exit 1.
  const report = args.report ? writeReport(args.report, verdict, cliReportMeta(args.paths, typeof HOOKLINE_VERSION === 'string' ? HOOKLINE_VERSION : 'dev', cliLocale(args.lang))) : null;
  process.stdout.write(args.json ? JSON.stringify(verdict, null, 2) + '\n' : renderSummary(verdict, cliLocale(args.lang)) + '\n');
  if (report && !report.ok) {
    process.stderr.write(`hookline: ${report.error}\n`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hookline: internal error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
