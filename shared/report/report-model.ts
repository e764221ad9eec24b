import type { Annotation } from '../model/annotation';
import type { Verdict } from '../model/verdict';
import { formatMessage } from '../i18n/format-message';
import { pickLocale } from '../i18n/locale';

// The report is a pure function of what the caller hands in: the verdict, the engineer's annotations and a few
// facts about the export. The time of the export comes from the caller (the engine never reads a clock), so
// the same input always renders the same bytes.

/** Facts about one export of the report that are not in the verdict. */
export interface ReportMeta {
  /** Heading of the report, e.g. `Postmortem: c2 cannot reach srv:20202`. */
  title: string;
  /** The case as the engineer named it (a folder name, a case file name). */
  caseName: string;
  /** ISO-8601 UTC time of the export, given by the caller. */
  generatedAt: string;
  /** What produced it, e.g. `Hookline 0.1.0 (CLI)`. */
  generator: string;
  /** BCP 47 language tag of the report's own words (`en`, `zh-CN`: shared/i18n/locales), chosen at export. */
  locale: string;
}

/** Everything the report is made of. */
export interface ReportInput {
  meta: ReportMeta;
  verdict: Verdict;
  annotations: Annotation[];
}

/** A file written beside the report (the Markdown report's figures). */
export interface ReportFile {
  /** File name relative to the report's folder. */
  name: string;
  mimeType: string;
  content: string;
}

/** Report metadata with the defaults filled in: the title from the case name, in the report's language (English by default). */
export function reportMeta(caseName: string, generatedAt: string, generator: string, title?: string, locale = 'en'): ReportMeta {
  return { title: title ?? formatMessage(pickLocale(locale), 'report.title', { case: caseName }), caseName, generatedAt, generator, locale: pickLocale(locale) };
}
