import type { Annotation } from '../../../../shared/model/annotation';
import type { Verdict } from '../../../../shared/model/verdict';
import { reportMeta } from '../../../../shared/report/report-model';
import { renderReport } from '../../../../shared/report/render-report';
import type { Platform, PlatformResult, Saved } from '../../platform/platform';
import type { Locale } from '../../../../shared/i18n/locale';

/** The four exports the workbench offers. */
export type ExportKind = 'html' | 'markdown' | 'json' | 'pdf';

/** A file stem from the case's name: letters, digits, dots and dashes. */
export function reportStem(caseName: string): string {
  const stem = caseName.replace(/\.hookline$/i, '').replace(/[^\w.-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return `${stem || 'hookline'}-postmortem`;
}

/**
 * Renders the postmortem with the engine's report module (shared/report) and hands it to the host: HTML, Markdown
 * (figures inline, one file) and JSON as files to save or download; PDF as the HTML printed by the desktop shell.
 */
export async function exportReport(platform: Platform, kind: ExportKind, input: { caseName: string; verdict: Verdict; annotations: Annotation[]; now?: Date; locale?: Locale }): Promise<PlatformResult<Saved>> {
  const meta = reportMeta(input.caseName, (input.now ?? new Date()).toISOString(), `Hookline (${platform.name} host)`, undefined, input.locale ?? 'en');
  const report = { meta, verdict: input.verdict, annotations: input.annotations };
  const stem = reportStem(input.caseName);
  if (kind === 'pdf') return platform.exportPdf(`${stem}.pdf`, renderReport(report, 'html').content);
  const rendered = renderReport(report, kind, { figures: 'inline', assetBase: stem });
  return platform.exportReport(`${stem}.${rendered.extension}`, rendered.content, rendered.mimeType);
}
