import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { RuleTrace, RuleTraceStep } from '../model/rule-trace';
import { readLines } from '../text/read-lines';
import { LONGEST_LINE, unquotedLines } from './unquote-paste';
import { ChatterFilter } from './paste-chatter';
import { LineWarnings } from './line-warnings';
import { probeLines, scoreHits } from './probe-lines';
import { TraceAssembler } from './trace-assembler';
import { readNftPacket } from './nft-trace-packet';

// `nft monitor trace`: every line starts `trace id <hex> <family> <table> <chain> ` and is one of
//   packet: <headers>                          the packet entering a base chain (printed with its first rule match)
//   rule <rule text> [# handle N] (verdict X)   a rule matched (`unknown rule handle N (verdict X)` when nft
//                                              could not look the rule up); counters inside are nft's cached copy
//   policy accept|drop [meta mark …]           the base chain's policy applied
//   verdict continue|return [meta mark …]      end of a chain reached (NFT_TRACETYPE_RETURN; older nft prints it
//                                              at the end of base chains too)
// Lines of one packet share the id; ids are hashes of the skb and come back (trace-assembler.ts groups them).
// A reject shows as `(verdict drop)`, and the RST's own output trace may be printed before the input lines of the
// packet that caused it. Ref: nftables src/netlink.c netlink_events_trace_cb / trace_print_rule; kernel
// net/netfilter/nf_tables_trace.c; /work/shared/spec/formats-notes.md §13.

const LINE = /^trace id ([0-9a-f]{1,8}) (\S+) (\S+) (\S+) (.*)$/;
const RULE = /^rule (.*?)(?: # handle (\d+))? \(verdict ([^)]+)\)$/;
const UNKNOWN_RULE = /^unknown rule handle (\d+) \(verdict ([^)]+)\)$/;
const POLICY = /^policy (\S+)(?: (.*))?$/;
const RETURN = /^verdict (\S+(?: [^\s(]+)?)(?: (meta mark .*))?$/;
/** `# new generation 12 by process 3456 (nft)` and similar monitor comments. */
const MONITOR_COMMENT = /^# new generation /;

/** The step of a `trace id` line that is not a packet line (text after the chain name); null when it fits no kind. */
function readStep(rest: string, head: { family: string; table: string; chain: string }, line: number): RuleTraceStep | null {
  const base = { line, time: null, family: head.family, table: head.table, chain: head.chain, hook: null, ruleText: null, ruleNumber: null, handle: null };
  const rule = RULE.exec(rest);
  if (rule) {
    return { ...base, kind: 'rule', ruleText: rule[1], handle: rule[2] ? Number(rule[2]) : null, verdict: rule[3].trim() };
  }
  const unknown = UNKNOWN_RULE.exec(rest);
  if (unknown) return { ...base, kind: 'rule', handle: Number(unknown[1]), verdict: unknown[2].trim() };
  const policy = POLICY.exec(rest);
  if (policy) {
    const step: RuleTraceStep = { ...base, kind: 'policy', verdict: policy[1] };
    if (policy[2]) step.mark = policy[2].replace(/^meta mark (?:== )?/, '');
    return step;
  }
  const ret = RETURN.exec(rest);
  if (ret) {
    const step: RuleTraceStep = { ...base, kind: 'return', verdict: ret[1] };
    if (ret[2]) step.mark = ret[2].replace(/^meta mark (?:== )?/, '');
    return step;
  }
  return null;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Yields one RuleTrace per traced packet, in the order of each packet's first line. */
export function* parseNftTrace(source: ArtifactSource, ctx: ParseContext): Generator<RuleTrace> {
  const warnings = new LineWarnings(ctx, 'nft-trace');
  const chatter = new ChatterFilter();
  const assembler = new TraceAssembler('nft-trace');
  for (const { n, text } of unquotedLines(readLines(source))) {
    const line = text.trim();
    if (line.length === 0) continue;
    if (text.length > LONGEST_LINE) {
      warnings.warn('line-too-long', n, `line of ${text.length} characters skipped`);
      continue;
    }
    const m = LINE.exec(line);
    if (m) {
      const [, id, family, table, chain, rest] = m;
      if (rest.startsWith('packet:')) {
        const { view, unread } = readNftPacket(rest.slice('packet:'.length), n);
        if (unread.length) warnings.warn('packet-field', n, `packet words not read: "${clip(unread.join(' '))}"`);
        assembler.packetLine(id, view, table, chain);
      } else {
        const step = readStep(rest, { family, table, chain }, n);
        if (step) assembler.stepLine(id, step);
        else warnings.warn('trace-line', n, `trace line of an unknown kind: "${clip(rest)}"`);
      }
      yield* assembler.take(n);
      continue;
    }
    if (MONITOR_COMMENT.test(line) || chatter.test(text)) continue;
    warnings.unreadable(n, text);
  }
  yield* assembler.finish();
  warnings.finish();
}

/** Scores `trace id <hex> <family> …` lines. */
export function probeNftTrace(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  for (const line of lines) if (/^trace id [0-9a-f]{1,8} (?:ip|ip6|inet|arp|bridge|netdev) \S+ \S+ (?:packet:|rule |policy |verdict |unknown rule )/.test(line.trim())) hits++;
  return scoreHits(hits, lines);
}

/** `nft monitor trace`: per-packet rule traces of nftables (`meta nftrace set 1`). */
export const nftTraceFormat: ArtifactFormat<RuleTrace> = {
  id: 'nft-trace',
  label: 'nftables rule trace (nft monitor trace)',
  kind: 'text',
  probe: probeNftTrace,
  parse: parseNftTrace,
};
