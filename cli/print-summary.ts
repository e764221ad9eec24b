import type { Verdict } from '../shared/model/verdict';

/** The short human summary `hookline analyze` prints without --json. */
export function renderSummary(verdict: Verdict): string {
  const out: string[] = [];
  out.push(`Artifacts (${verdict.artifacts.length}):`);
  for (const a of verdict.artifacts) {
    const warn = a.warnings.length ? `  ⚠ ${a.warnings.length} warning(s)` : '';
    out.push(`  ${a.format.padEnd(14)} ${String(a.records).padStart(7)}  ${a.sha256.slice(0, 12)}  ${a.name}${warn}`);
  }
  out.push('');
  if (verdict.findings.length === 0) out.push('No failed flow found.');
  for (const f of verdict.findings) {
    const flow = `${f.flow.proto} ${f.flow.src}${f.flow.sport ? ':' + f.flow.sport : ''} → ${f.flow.dst}${f.flow.dport ? ':' + f.flow.dport : ''}`;
    const o = f.drop?.owner;
    const who = o ? [o.kind, o.backend, o.table, o.chain, o.rule && `"${o.rule}"`, o.module, o.hookFunction].filter(Boolean).join(' / ') || 'an owner the artifacts do not name' : 'an owner the artifacts do not name';
    out.push(`${f.outcome.toUpperCase()}: ${flow}`);
    out.push(`  at ${f.drop?.hook ?? 'unknown hook'}${f.drop?.reason ? ` (${f.drop.reason})` : ''} by ${who}`);
    out.push(`  ${f.explanation}`);
  }
  if (verdict.missing.length) {
    out.push('', 'To settle what is still open, collect:');
    for (const m of verdict.missing) out.push(`  ${m}`);
  }
  return out.join('\n');
}
