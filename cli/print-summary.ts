import type { Verdict } from '../shared/model/verdict';
import type { Locale } from '../shared/i18n/locale';
import { reportWords } from '../shared/report/report-words';
import { flowText, verdictLineParts } from '../shared/report/finding-text';

/** The short human summary `hookline analyze` prints without --json, in the CLI's language (kernel words as they are). */
export function renderSummary(verdict: Verdict, locale: Locale = 'en'): string {
  const w = reportWords(locale);
  const out: string[] = [];
  out.push(`${w.t('report.meta.artifacts')} (${verdict.artifacts.length}):`);
  for (const a of verdict.artifacts) {
    const warn = a.warnings.length ? `  ⚠ ${w.t('app.artifacts.warnings', { count: a.warnings.length, n: a.warnings.length })}` : '';
    out.push(`  ${a.format.padEnd(14)} ${String(a.records).padStart(7)}  ${a.sha256.slice(0, 12)}  ${a.name}${warn}`);
  }
  out.push('');
  if (verdict.findings.length === 0) out.push(w.t('cli.noFindings'));
  for (const f of verdict.findings) {
    const p = verdictLineParts(f, w);
    const o = f.drop?.owner;
    const who = o ? [o.kind, o.backend, o.table, o.chain, o.rule && `"${o.rule}"`, o.module, o.hookFunction].filter(Boolean).join(' / ') || w.t('finding.owner.unnamed') : w.t('finding.owner.unnamed');
    out.push(`${p.outcome}: ${flowText(f.flow)}`);
    out.push(`  ${p.where}${f.drop?.reason ? ` (${f.drop.reason})` : ''} ${w.t('finding.by', { owner: who })}`);
    out.push(`  ${w.explanation(f)}`);
  }
  if (verdict.missing.length) {
    out.push('', w.t('cli.collectNext'));
    for (const m of verdict.missing) out.push(`  ${m}`);
  }
  return out.join('\n');
}
