import { reportFormatOf } from '../shared/report/render-report';
import { isLocale } from '../shared/i18n/locale';

/** The command line, parsed. */
export interface CliArgs {
  command: 'analyze' | 'help' | 'version' | 'collect-script';
  json: boolean;
  report: string | null;
  lang: string | null;
  paths: string[];
}

export class UsageError extends Error {}

export const USAGE = `usage: hookline analyze [--json] [--report FILE] [--lang zh-CN|en] PATH...
  PATH     files or folders of artifacts (folders are read recursively)
  --json   print the verdict contract as JSON on stdout
  --report write a postmortem report, format from the extension: .html .md .json .pdf
           (.md writes its figures as .svg files beside it; .pdf needs Chromium, or HOOKLINE_CHROMIUM=path)
  --lang   language of the summary and the report: en or zh-CN (default from LC_ALL / LC_MESSAGES / LANG);
           kernel and tool words (hooks, reasons, rules, commands) are never translated; --json stays English
  PATH may be an archive (.tar.gz from hookline-collect, .tgz, .tar, .zip): opened in memory, by content
usage: hookline collect-script > hookline-collect.sh
  prints the collector to run as root on the customer's box (sh hookline-collect.sh --help)
exit status: 0 analysed (even with no findings), 2 usage error, 1 internal error or the report could not be
  written (no Chromium for .pdf, unwritable path: the verdict is still printed)`;

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { command: 'help', json: false, report: null, lang: null, paths: [] };
  if (argv.length === 0) throw new UsageError('no command');
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') return args;
  if (command === '--version' || command === '-V') return { ...args, command: 'version' };
  if (command === 'collect-script') return { ...args, command: 'collect-script' };
  if (command !== 'analyze') throw new UsageError(`unknown command: ${command}`);
  args.command = 'analyze';
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') args.json = true;
    else if (a === '--report' || a === '--lang') {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`${a} needs a value`);
      if (a === '--report') args.report = value;
      else args.lang = value;
    } else if (a.startsWith('--report=')) args.report = a.slice('--report='.length);
    else if (a.startsWith('--lang=')) args.lang = a.slice('--lang='.length);
    else if (a === '--') {
      args.paths.push(...rest.slice(i + 1));
      break;
    }
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option: ${a}`);
    else args.paths.push(a);
  }
  if (args.paths.length === 0) throw new UsageError('analyze needs at least one PATH');
  if (args.lang !== null && !isLocale(args.lang)) throw new UsageError(`--lang ${args.lang}: use en or zh-CN`);
  if (args.report !== null && reportFormatOf(args.report) === null) throw new UsageError(`--report ${args.report}: the extension names no report format (.html .md .json .pdf)`);
  return args;
}
