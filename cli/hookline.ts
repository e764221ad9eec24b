import { writeFileSync } from 'node:fs';
import { analyzePaths } from './analyze-paths';
import { parseArgs, USAGE, UsageError } from './parse-args';
import { renderSummary } from './print-summary';

declare const HOOKLINE_VERSION: string;

/** Runs the CLI; returns the exit status (0 analysed, 2 usage error, 1 internal error). */
export function main(argv: string[]): number {
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
  const { verdict, ingested, errors } = analyzePaths(args.paths);
  if (errors.length > 0 && ingested.length === 0) {
    process.stderr.write(`hookline: cannot read ${errors.join(', ')}\n`);
    return 2;
  }
  for (const e of errors) process.stderr.write(`hookline: skipped ${e}\n`);
  if (args.report) writeFileSync(args.report, JSON.stringify(verdict, null, 2));
  process.stdout.write(args.json ? JSON.stringify(verdict, null, 2) + '\n' : renderSummary(verdict) + '\n');
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`hookline: internal error: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
