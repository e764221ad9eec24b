import type { ClockOffset, Verdict } from '../model/verdict';
import { flowText } from './finding-text';
import { uncertaintyText } from './report-time';
import { englishWords, type ReportWords } from './report-words';

// "Method and caveats": what an auditor needs to weigh the verdict — how each clock was placed and how sure
// that is, what the engine set aside or could not see (lost events, missing rulesets or hook listings), which
// artifacts were not recognised or carried warnings, and which findings stand on inference only.

/** One clock placement as the report prints it. */
export interface ClockLine {
  artifact: string;
  /** `clock zero at 2026-11-24T17:43:57.386397Z` for since-boot / time-of-day clocks, `+0.250000 s` for a skew. */
  offset: string;
  uncertainty: string;
  method: string;
}

/** The caveats of a verdict, grouped. */
export interface Caveats {
  clocks: ClockLine[];
  /** Notes saying a tracer lost events. */
  lostEvents: string[];
  /** Other engine notes (background drops set aside, the kernel host, doubts). */
  notes: string[];
  /** What no artifact covers, in words. */
  coverage: string[];
  /** Artifacts no format recognised. */
  unrecognised: string[];
  /** Artifacts with warnings: name and count (the lines are in the inventory). */
  warnings: { artifact: string; count: number }[];
  /** Findings whose owner is inferred or not named. */
  uncertainFindings: string[];
}

function offsetText(c: ClockOffset): string {
  // A since-boot or time-of-day clock is moved by about the Unix time of its zero: print that moment instead.
  if (Math.abs(c.offset) > 1e8) {
    let whole = Math.floor(c.offset);
    let micros = Math.round((c.offset - whole) * 1e6);
    if (micros === 1_000_000) [whole, micros] = [whole + 1, 0];
    return `clock zero at ${new Date(whole * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
  }
  return `${c.offset >= 0 ? '+' : '−'}${Math.abs(c.offset).toFixed(6)} s`;
}

const rulesetFormats = ['iptables-save', 'iptables-list'];

/** The caveats of a verdict. */
export function reportCaveats(verdict: Verdict, w: ReportWords = englishWords): Caveats {
  const formats = new Set(verdict.artifacts.map((a) => a.format));
  const coverage: string[] = [];
  if (!rulesetFormats.some((f) => formats.has(f))) coverage.push(w.t('report.coverage.iptables'));
  if (!formats.has('nft-ruleset')) coverage.push(w.t('report.coverage.nft'));
  if (!formats.has('nft-hooks') && !formats.has('crash')) coverage.push(w.t('report.coverage.hooks'));
  if (!formats.has('pcap') && !formats.has('pcapng')) coverage.push(w.t('report.coverage.capture'));
  const traced = [...formats].some((f) => ['perf-script', 'stap', 'bpftrace', 'dropwatch', 'pwru', 'nettrace'].includes(f));
  if (!traced) coverage.push(w.t('report.coverage.trace'));
  return {
    clocks: verdict.clocks.map((c) => ({ artifact: c.artifact, offset: offsetText(c), uncertainty: uncertaintyText(c.uncertainty), method: c.method })),
    lostEvents: verdict.notes.filter((n) => /\blost\b/i.test(n)),
    notes: verdict.notes.filter((n) => !/\blost\b/i.test(n)),
    coverage,
    unrecognised: verdict.artifacts.filter((a) => a.format === 'unknown').map((a) => a.name),
    warnings: verdict.artifacts.filter((a) => a.warnings.length > 0).map((a) => ({ artifact: a.name, count: a.warnings.length })),
    uncertainFindings: verdict.findings.flatMap((f, i) =>
      f.confidence === 'inferred' || !f.drop || f.drop.owner.kind === null ? [w.t(!f.drop || f.drop.owner.kind === null ? 'report.uncertain.unnamed' : 'report.uncertain.inferred', { number: i + 1, flow: flowText(f.flow) })] : [],
    ),
  };
}
