// The verdict's language-free text worded in the workbench's locale: a finding's explanation and its timeline
// entries are message references (shared/i18n/message-ref.ts) that vue-i18n's `t` words with the same catalogues
// the report uses; kernel words are parameters and pass through. Verdicts without them (older cases) show the
// English text fields.
import { useI18n } from 'vue-i18n';
import type { Finding, TimelineEntry } from '../../../shared/model/verdict';
import { pickLocale } from '../../../shared/i18n/locale';
import { renderRef, renderSentences, type Translate } from '../../../shared/i18n/message-ref';

/** Words for verdict text in the current locale (call inside a component's setup). */
export function useWords() {
  const { t, locale } = useI18n();
  const translate: Translate = (key, params) => t(key, params);
  return {
    t,
    /** A timeline entry's text. */
    entryText: (entry: TimelineEntry): string => (entry.message ? renderRef(entry.message, translate, pickLocale(locale.value)).replace(/\s+/g, ' ').trim() : entry.what),
    /** A finding's explanation paragraph. */
    explanation: (finding: Finding): string => (finding.explain?.length ? renderSentences(finding.explain, translate, pickLocale(locale.value)) : finding.explanation),
  };
}
