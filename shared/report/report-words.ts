import type { Finding, TimelineEntry } from '../model/verdict';
import { translator } from '../i18n/format-message';
import { pickLocale, type Locale } from '../i18n/locale';
import { renderRef, renderSentences } from '../i18n/message-ref';

// The report's words in the language chosen at export (ReportMeta.locale): headings, labels and sentences from the
// catalogues in shared/i18n/locales, the finding's explanation and timeline worded from their language-free form.
// Kernel and tool words (hooks, reasons, rules, commands, file names) are parameters and stay as the artifacts say.

/** The words of one report. */
export interface ReportWords {
  locale: Locale;
  /** A catalogue message with its parameters. */
  t: (key: string, params?: Record<string, string | number>) => string;
  /** The finding's explanation; the English `explanation` field when the verdict carries no `explain` (an older case). */
  explanation: (finding: Finding) => string;
  /** A timeline entry's text; its English `what` when it carries no `message`. */
  what: (entry: TimelineEntry) => string;
}

/** The words for a locale tag (anything we do not speak falls back to English). */
export function reportWords(localeTag: string | null | undefined = 'en'): ReportWords {
  const locale = pickLocale(localeTag);
  const t = translator(locale);
  return {
    locale,
    t,
    explanation: (f) => (f.explain?.length ? renderSentences(f.explain, t, locale) : f.explanation),
    what: (e) => (e.message ? renderRef(e.message, t, locale).replace(/\s+/g, ' ').trim() : e.what),
  };
}

/** English words, the default of every report function called without a locale. */
export const englishWords: ReportWords = reportWords('en');
