import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { RuleTrace } from '../model/rule-trace';
import { readLines } from '../text/read-lines';
import { LONGEST_LINE, unquotedLines } from './unquote-paste';
import { ChatterFilter } from './paste-chatter';
import { LineWarnings } from './line-warnings';
import { probeLines, scoreHits } from './probe-lines';
import { readKernelLogPrefix } from './kernel-log-prefix';
import { isLegacyTraceMessage, readLegacyTrace } from './iptables-trace-line';
import { readXtablesTrace } from './xtables-monitor-line';
import { TraceAssembler } from './trace-assembler';

// The iptables TRACE target in its two shapes (formats-notes §14):
//  - iptables-legacy: kernel log lines `TRACE: table:chain:rule|return|policy:N <LOG fields>` inside dmesg,
//    journal or syslog prefixes (kernel-log-prefix.ts), grammar in iptables-trace-line.ts;
//  - iptables-nft: `xtables-monitor --trace` lines `PACKET: …` / ` TRACE: …`, grammar in xtables-monitor-line.ts.
// Both become one RuleTrace per packet (trace-assembler.ts). Kernel log lines that are not TRACE lines are left to
// the dmesg reader (which also turns TRACE lines into RuleTraces): counted here, with the first one's line.

/** xtables-monitor's other outputs (`-e` events, generation changes): its own, not trace lines. */
const MONITOR_OTHER = /^(?:NEWGEN: |EVENT: |-[46] -t \S+ -[AIDN] )/;
/**
 * xtables-monitor's error report when it cannot print a rule (1.8.9 with ip6tables-nft `-p tcp` rules: `Error:
 * unsupported layer 4 protocol value`, then `xtables-monitor v1.8.9 (nf_tables): Parsing nftables rule failed`);
 * the monitor exits after it, so the trace that follows is cut.
 */
const MONITOR_ERROR = /^(?:Error: |xtables-monitor v[\d.]+ \(nf_tables\): |Perhaps xtables-monitor or your kernel needs to be upgraded)/;

/** Yields one RuleTrace per traced packet, legacy and xtables-monitor traces alike. */
export function* parseIptablesTrace(source: ArtifactSource, ctx: ParseContext): Generator<RuleTrace> {
  const warnings = new LineWarnings(ctx, 'iptables-trace');
  const chatter = new ChatterFilter();
  const legacy = new TraceAssembler('iptables-trace');
  const monitor = new TraceAssembler('xtables-monitor');
  let otherKernelLines = 0;
  let firstOther = 0;
  for (const { n, text } of unquotedLines(readLines(source))) {
    const line = text.trim();
    if (line.length === 0) continue;
    if (text.length > LONGEST_LINE) {
      warnings.warn('line-too-long', n, `line of ${text.length} characters skipped`);
      continue;
    }
    if (line.startsWith('PACKET: ') || /^TRACE: \d/.test(line)) {
      const read = readXtablesTrace(line, n);
      if (read?.type === 'packet') {
        if (read.view.fields.UNREAD) warnings.warn('packet-field', n, `PACKET words not read: "${read.view.fields.UNREAD}"`);
        monitor.packetLine(read.id, read.view, null, null);
      } else if (read) {
        monitor.stepLine(read.id, read.step);
      } else {
        warnings.warn('trace-line', n, `xtables-monitor line not understood: "${line.slice(0, 80)}"`);
      }
      yield* monitor.take(n);
      continue;
    }
    const prefix = readKernelLogPrefix(line);
    const message = prefix ? prefix.message : line;
    const trace = readLegacyTrace(message, n, prefix?.time ?? null);
    if (trace) {
      legacy.legacyLine(trace.step, trace.view);
      yield* legacy.take(n);
      continue;
    }
    if (message.startsWith('TRACE: ')) {
      warnings.warn('trace-line', n, `TRACE line not understood (cut?): "${message.slice(0, 80)}"`);
      continue;
    }
    if (prefix && !prefix.program) {
      if (otherKernelLines++ === 0) firstOther = n;
      continue;
    }
    if (MONITOR_ERROR.test(line)) {
      warnings.warn('tool-error', n, `xtables-monitor reported an error (the trace stops there): "${line.slice(0, 80)}"`);
      continue;
    }
    if (MONITOR_OTHER.test(line) || chatter.test(text)) continue;
    warnings.unreadable(n, text);
  }
  yield* legacy.finish();
  yield* monitor.finish();
  if (otherKernelLines > 0) {
    warnings.warn('kernel-log-line', firstOther, `${otherKernelLines} kernel log line(s) that are not TRACE lines were not read here (open the file as a kernel log for them)`);
  }
  warnings.finish();
}

/** Scores legacy TRACE kernel log lines and xtables-monitor PACKET / TRACE lines. */
export function probeIptablesTrace(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (/^(?:PACKET: \d{1,3} [0-9a-f]{1,8} |TRACE: \d{1,3} [0-9a-f]{1,8} \S+:\S+:(?:rule|policy|return):)/.test(line)) {
      hits++;
      continue;
    }
    const prefix = readKernelLogPrefix(line);
    if (isLegacyTraceMessage((prefix ? prefix.message : line).trimEnd())) hits++;
  }
  return scoreHits(hits, lines);
}

/** iptables TRACE: kernel-log TRACE lines (iptables-legacy) and `xtables-monitor --trace` (iptables-nft). */
export const iptablesTraceFormat: ArtifactFormat<RuleTrace> = {
  id: 'iptables-trace',
  label: 'iptables rule trace (TRACE target, xtables-monitor --trace)',
  kind: 'text',
  probe: probeIptablesTrace,
  parse: parseIptablesTrace,
};
