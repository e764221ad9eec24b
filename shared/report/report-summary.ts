import type { Finding, Verdict } from '../model/verdict';
import { flowText, ownerText } from './finding-text';
import { conjunction, sentenceJoiner } from '../i18n/message-ref';
import { englishWords, type ReportWords } from './report-words';

// The summary paragraph at the top of the report: what was analysed, how many flows failed, where and by whom,
// how sure, and whether anything is left to collect, in the report's language (shared/i18n/locales, `report.s.*`).

function placeOf(f: Finding, w: ReportWords): { outcome: string; where: string; by: string } {
  return { outcome: w.t(`finding.outcome.${f.outcome}`), where: f.drop?.hook ? w.t('finding.where.hook', { hook: f.drop.hook }) : w.t('finding.where.unnamed'), by: w.t('finding.by', { owner: ownerText(f.drop?.owner, w) }) };
}

/** One paragraph summing up the verdict, in the report's language. */
export function reportSummary(verdict: Verdict, w: ReportWords = englishWords): string {
  const n = verdict.artifacts.length;
  const unknown = verdict.artifacts.filter((a) => a.format === 'unknown').length;
  const analysedAll = w.t('report.s.analysed', { count: n });
  const analysed = unknown ? w.t('report.s.unrecognised', { analysed: analysedAll, count: unknown }) : analysedAll;
  const findings = verdict.findings;
  const sentences: string[] = [];
  if (findings.length === 0) {
    sentences.push(w.t('report.s.noFinding', { analysed }));
    if (verdict.missing.length) sentences.push(w.t('report.s.noFindingMore', { count: verdict.missing.length }));
    return sentences.join(sentenceJoiner[w.locale]);
  }
  sentences.push(w.t('report.s.found', { analysed, count: findings.length }));
  // Findings with the same outcome, hook and owner are told together.
  const groups = new Map<string, { place: ReturnType<typeof placeOf>; list: Finding[] }>();
  for (const f of findings) {
    const place = placeOf(f, w);
    const key = `${place.outcome} ${place.where} ${place.by}`;
    groups.set(key, { place, list: [...(groups.get(key)?.list ?? []), f] });
  }
  for (const { place, list } of groups.values()) {
    const who = list.length === findings.length && findings.length > 1 ? (findings.length === 2 ? w.t('report.s.both') : w.t('report.s.all', { count: findings.length })) : listText(list.map((f) => flowText(f.flow)), w);
    sentences.push(w.t('report.s.place', { who, count: list.length, ...place }));
  }
  const confirmed = findings.filter((f) => f.confidence === 'confirmed').length;
  const corroborated = findings.filter((f) => f.confidence === 'corroborated').length;
  const inferred = findings.length - confirmed - corroborated;
  const sure: string[] = [];
  // The confidence levels as the verdict model defines them (shared/model/verdict.ts, Finding.confidence).
  if (confirmed) sure.push(w.t('report.s.confirmed', { count: confirmed }));
  if (corroborated) sure.push(w.t('report.s.corroborated', { count: corroborated }));
  if (inferred) sure.push(w.t('report.s.inferred', { count: inferred }));
  sentences.push(w.t('report.s.confidence', { levels: listText(sure, w) }));
  const open = findings.filter((f) => !f.drop || f.drop.owner.kind === null).length;
  if (verdict.missing.length) {
    sentences.push(w.t('report.s.settle', { open: open ? w.t('report.s.open', { count: open }) : '', count: verdict.missing.length }).trim());
  } else {
    sentences.push(w.t('report.s.nothingMore'));
  }
  return sentences.join(sentenceJoiner[w.locale]);
}

function listText(items: string[], w: ReportWords): string {
  return conjunction(items, w.locale);
}
