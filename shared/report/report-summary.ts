import type { Finding, Verdict } from '../model/verdict';
import { flowText, ownerText } from './finding-text';

// The summary paragraph at the top of the report: what was analysed, how many flows failed, where and by whom,
// how sure, and whether anything is left to collect. Plain English text (the explanation templates stay in
// correlate/explain.ts; this only counts and names).

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function placeOf(f: Finding): string {
  const hook = f.drop?.hook ? `at ${f.drop.hook}` : 'at a hook the artifacts do not name';
  return `${f.outcome} ${hook} by ${ownerText(f.drop?.owner)}`;
}

/** One paragraph summing up the verdict. */
export function reportSummary(verdict: Verdict): string {
  const n = verdict.artifacts.length;
  const unknown = verdict.artifacts.filter((a) => a.format === 'unknown').length;
  const analysed = `Hookline analysed ${plural(n, 'artifact')}${unknown ? ` (${unknown} not recognised)` : ''}`;
  const findings = verdict.findings;
  if (findings.length === 0) {
    return `${analysed} and found no flow that failed to get through.${verdict.missing.length ? ` ${plural(verdict.missing.length, 'command')} under "What to collect next" would give it more to look at.` : ''}`;
  }
  const sentences = [`${analysed} and found ${plural(findings.length, 'flow')} that did not get through.`];
  // Findings with the same outcome, hook and owner are told together.
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(placeOf(f), [...(groups.get(placeOf(f)) ?? []), f]);
  for (const [place, group] of groups) {
    const who = group.length === findings.length && findings.length > 1 ? (findings.length === 2 ? 'Both' : `All ${findings.length}`) : list(group.map((f) => flowText(f.flow)));
    sentences.push(`${who} ${group.length === 1 ? 'was' : 'were'} ${place}.`);
  }
  const confirmed = findings.filter((f) => f.confidence === 'confirmed').length;
  const corroborated = findings.filter((f) => f.confidence === 'corroborated').length;
  const inferred = findings.length - confirmed - corroborated;
  const sure: string[] = [];
  // The confidence levels as the verdict model defines them (shared/model/verdict.ts, Finding.confidence).
  if (confirmed) sure.push(`${confirmed} confirmed (a drop event names it)`);
  if (corroborated) sure.push(`${corroborated} corroborated (rules or counters agree)`);
  if (inferred) sure.push(`${inferred} inferred`);
  sentences.push(`Confidence: ${list(sure)}.`);
  const open = findings.filter((f) => !f.drop || f.drop.owner.kind === null).length;
  if (verdict.missing.length) {
    sentences.push(`${open ? `${plural(open, 'finding')} ${open === 1 ? 'has' : 'have'} no named owner; ` : ''}${plural(verdict.missing.length, 'command')} under "What to collect next" would settle what is still open.`);
  } else {
    sentences.push('Nothing more needs collecting to settle these findings.');
  }
  return sentences.join(' ');
}
