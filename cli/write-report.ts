import { writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Annotation } from '../shared/model/annotation';
import type { Verdict } from '../shared/model/verdict';
import { reportMeta, type ReportMeta } from '../shared/report/report-model';
import { renderReport, reportFormatOf } from '../shared/report/render-report';
import { findChromium, noChromiumMessage, printHtmlToPdf } from './pdf-printer';

// `hookline analyze --report FILE`: the report in the format FILE's extension names, written after the analysis.
// A report that cannot be written (no Chromium for a PDF, an unwritable path) is an error of the run (exit 1)
// but never hides the verdict, which is printed all the same.

/** The report's metadata for a CLI run: case named after the one folder given, time from SOURCE_DATE_EPOCH if set. */
export function cliReportMeta(paths: string[], version: string, locale: string | null, env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): ReportMeta {
  const caseName = paths.length === 1 ? basename(resolve(paths[0])) : `${paths.length} paths (${paths.map((p) => basename(resolve(p))).join(', ')})`;
  // Reproducible output for tests and archives. Ref: https://reproducible-builds.org/specs/source-date-epoch/
  const epoch = env.SOURCE_DATE_EPOCH && /^\d+$/.test(env.SOURCE_DATE_EPOCH) ? new Date(Number(env.SOURCE_DATE_EPOCH) * 1000) : now();
  return reportMeta(caseName, epoch.toISOString(), `Hookline ${version} (CLI)`, undefined, locale ?? 'en');
}

/** Writes the report to `target` (and a Markdown report's figures beside it); the files written, or why not. */
export function writeReport(target: string, verdict: Verdict, meta: ReportMeta, annotations: Annotation[] = [], env: NodeJS.ProcessEnv = process.env): { ok: true; files: string[] } | { ok: false; error: string } {
  const format = reportFormatOf(target);
  if (format === null) return { ok: false, error: `${target}: unknown report format (use .html, .md, .json or .pdf)` };
  const input = { meta, verdict, annotations };
  try {
    if (format === 'pdf') {
      const chromium = findChromium(env);
      if (!chromium) return { ok: false, error: `cannot write ${target}: ${noChromiumMessage(env)}` };
      const printed = printHtmlToPdf(renderReport(input, 'html').content, chromium);
      if (!printed.ok) return { ok: false, error: `cannot write ${target}: ${printed.error}` };
      writeFileSync(target, printed.pdf);
      return { ok: true, files: [target] };
    }
    const rendered = renderReport(input, format, { assetBase: basename(target, extname(target)) });
    const written: string[] = [];
    for (const file of rendered.files) {
      const path = join(dirname(target), file.name);
      writeFileSync(path, file.content);
      written.push(path);
    }
    writeFileSync(target, rendered.content);
    return { ok: true, files: [target, ...written] };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ok: false, error: `cannot write ${target}: ${e.code ?? ''} ${e.message}`.trim() };
  }
}
