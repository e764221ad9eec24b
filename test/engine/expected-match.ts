import type { Finding, Verdict } from '../../shared/model/verdict';

// The matching rules of ../shared/tools/check-verdict.py, so recorded lab cases are checked the way unseen cases
// are judged: keys ending in '~' are case-insensitive regular expressions ('null' matches a JSON null).

export interface Expected {
  flow: Record<string, string | number>;
  outcome?: string;
  'outcome~'?: string;
  drop?: Record<string, unknown>;
  formats?: Record<string, string>;
}

function match(actual: unknown, want: Record<string, unknown>, path: string, problems: string[]): void {
  for (const [k, v] of Object.entries(want)) {
    const regex = k.endsWith('~');
    const key = regex ? k.slice(0, -1) : k;
    const a = actual && typeof actual === 'object' ? (actual as Record<string, unknown>)[key] : undefined;
    const p = path ? `${path}.${key}` : key;
    if (v && typeof v === 'object') match(a && typeof a === 'object' ? a : {}, v as Record<string, unknown>, p, problems);
    else if (regex) {
      const s = a === null || a === undefined ? 'null' : typeof a === 'string' ? a : JSON.stringify(a);
      if (!new RegExp(String(v), 'i').test(s)) problems.push(`${p}: ${JSON.stringify(s)} does not match /${v}/`);
    } else if ((a === null || a === undefined ? null : String(a).toLowerCase()) !== (v === null ? null : String(v).toLowerCase())) {
      problems.push(`${p}: got ${JSON.stringify(a)}, want ${JSON.stringify(v)}`);
    }
  }
}

/** Problems of the verdict against the expectation; empty when it passes. */
export function checkVerdict(verdict: Verdict, expected: Expected): string[] {
  const problems: string[] = [];
  for (const [name, format] of Object.entries(expected.formats ?? {})) {
    const got = verdict.artifacts.find((a) => a.name === name)?.format;
    if (got !== format) problems.push(`artifact ${name}: format ${got}, want ${format}`);
  }
  const candidates = verdict.findings.filter((f: Finding) => Object.entries(expected.flow).every(([k, v]) => String((f.flow as unknown as Record<string, unknown>)[k]) === String(v)));
  if (candidates.length === 0) return [...problems, `no finding for ${JSON.stringify(expected.flow)}; findings: ${JSON.stringify(verdict.findings.map((f) => f.flow))}`];
  const want: Record<string, unknown> = {};
  for (const k of ['outcome', 'outcome~', 'drop'] as const) if (expected[k] !== undefined) want[k] = expected[k];
  match(candidates[0], want, '', problems);
  if (candidates[0].timeline.length === 0) problems.push('finding has no timeline');
  return problems;
}
