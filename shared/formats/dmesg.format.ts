import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { LogLine } from '../model/log-line';
import type { RuleTrace } from '../model/rule-trace';
import { readLines } from '../text/read-lines';
import { isElision, promptCommand, unquoteLine } from './paste-wrappers';
import { warningBudget } from './warning-budget';
import { readKernelLogPrefix, type KernelLogPrefix } from './kernel-log-prefix';
import { decodeLogTarget, logTargetLooksCut } from './log-target-fields';
import { recogniseDrop } from './kernel-drop-messages';
import { readLegacyTrace } from './iptables-trace-line';
import { TraceAssembler } from './trace-assembler';

// The kernel log as dmesg, /dev/kmsg, syslog (kern.log, /var/log/messages) or journalctl print it: one LogLine
// per message, LOG-target lines decoded, known drop messages named. Prefix grammar: kernel-log-prefix.ts.

/** printk keeps a message under 1 KiB (LOG_LINE_MAX, PRINTKRB_RECORD_MAX); a far longer line is not a kernel log line. */
const MAX_LINE = 8192;
const PROBE_LINES = 300;
// `# dmesg`, `$ journalctl -k`, `# tail /var/log/messages`: typed commands the shared prompt check may not know.
const LOG_COMMAND = /^[$#%] +(?:sudo +)?(?:dmesg|journalctl|tail|head|grep|egrep|zgrep|cat|zcat|less|more)\b/;
// Journal banners: `-- Logs begin at …`, `-- Boot 1a2b… --`, `-- No entries --`, `-- Reboot --`.
const JOURNAL_BANNER = /^-- .* --$|^-- (?:Logs begin|Journal begins|No entries)/;
// Another tool's lines in since-boot brackets: nettrace `[25.167980] [nft_do_chain        ] …` (padded function
// column), conntrack -E `[NEW]`/`[UPDATE]`/`[DESTROY]`.
const FOREIGN_MESSAGE = /^\[[\w.]+ +\] |^\[(?:NEW|UPDATE|DESTROY)\]/;
// /dev/kmsg dictionary lines (` SUBSYSTEM=acpi`, ` DEVICE=+acpi:…`) follow their record, indented by one space.
const KMSG_DICTIONARY = /^ [A-Z][A-Z0-9_]*=/;
// A hard-wrapped LOG line continues with its next KEY=VALUE, flag or marker.
const LOG_CONTINUATION = /^(?:[A-Z][A-Z0-9_]*=|(?:CWR|ECE|URG|ACK|PSH|RST|SYN|FIN|DF|MF|CE|OPT)\b|FRAG:|\(|\[?SRC=|\])/;

function isCommandLine(line: string): boolean {
  return promptCommand(line) !== null || LOG_COMMAND.test(line);
}

/** How much the first lines look like a kernel log: 0.5–0.9 by the share of stamped lines, lower for other tools'. */
export function probeDmesg(input: ProbeInput): number {
  if (input.text === null) return 0;
  let content = 0;
  let stamped = 0;
  let kernel = 0;
  let evidence = 0;
  let trace = 0;
  let foreign = 0;
  let bareLog = 0;
  for (const raw of input.text.split('\n', PROBE_LINES)) {
    if (KMSG_DICTIONARY.test(raw)) continue;
    const line = unquoteLine(raw).trim();
    if (line === '' || line.length > MAX_LINE || isElision(line) || isCommandLine(line) || JOURNAL_BANNER.test(line)) continue;
    content++;
    const prefix = readKernelLogPrefix(line);
    if (prefix === null) {
      if (decodeLogTarget(line) !== null) bareLog++;
      continue;
    }
    stamped++;
    if (prefix.program === null) kernel++;
    if (prefix.message.startsWith('TRACE: ')) trace++;
    else if (FOREIGN_MESSAGE.test(prefix.message)) foreign++;
    const packet = decodeLogTarget(prefix.message);
    if (packet !== null || recogniseDrop(prefix.message, null) !== null) evidence++;
  }
  if (content === 0) return 0;
  // iptables TRACE lines are kernel log lines too, but a file of them is the iptables-trace format's.
  if (trace > 0 && trace * 2 >= stamped) return 0.2;
  if (foreign > 0 && foreign * 2 >= stamped) return 0.05;
  const share = stamped / content;
  if (stamped > 0 && share >= 0.3) {
    // A syslog file without a single kernel line (auth.log) is readable, but hardly what a kernel log is for.
    if (kernel === 0) return 0.4;
    let score = 0.5 + 0.3 * share;
    if (evidence > 0) score += 0.1;
    return Math.min(0.9, score);
  }
  // `dmesg -t` (no stamps) of LOG lines.
  if (bareLog > 0 && bareLog * 2 >= content) return 0.5;
  return 0;
}

interface PendingLine {
  line: number;
  prefix: KernelLogPrefix | null;
  text: string;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * Yields one LogLine per kernel log message; hard-wrapped LOG lines are joined back first. iptables TRACE lines
 * are rule-trace evidence, not log lines: they become one RuleTrace per packet (iptables-trace-line.ts).
 */
export function* parseDmesg(source: ArtifactSource, ctx: ParseContext): Generator<LogLine | RuleTrace> {
  const budget = warningBudget(ctx);
  const traces = new TraceAssembler('iptables-trace');
  let pending: PendingLine | null = null;
  let lastStyle: string | null = null;
  let zoneNoted = false;
  let dateNoted = false;

  const finish = (p: PendingLine): LogLine => {
    const packet = decodeLogTarget(p.text);
    if (packet && logTargetLooksCut(packet)) {
      budget.warn('dmesg/cut-log-line', `LOG line ends before its protocol fields (truncated paste?): "${clip(p.text)}"`, p.line);
    }
    const record: LogLine = {
      kind: 'log-line',
      line: p.line,
      time: p.prefix?.time ?? null,
      text: p.text,
      host: p.prefix?.host ?? null,
      packet,
      drop: p.prefix?.program ? null : recogniseDrop(p.text, packet),
    };
    if (p.prefix?.syslogTime) record.syslogTime = p.prefix.syslogTime;
    return record;
  };
  const emit = function* (p: PendingLine): Generator<LogLine | RuleTrace> {
    const trace = readLegacyTrace(p.text, p.line, p.prefix?.time ?? null);
    if (trace) {
      traces.legacyLine(trace.step, trace.view);
      yield* traces.take(p.line);
    } else {
      yield finish(p);
    }
  };

  for (const { n, text } of readLines(source)) {
    if (text.length > MAX_LINE) {
      budget.warn('dmesg/line-too-long', `line of ${text.length} characters: not a kernel log line`, n);
      continue;
    }
    if (lastStyle === 'kmsg' && KMSG_DICTIONARY.test(text)) continue;
    const line = unquoteLine(text).trim();
    if (line === '' || isElision(line)) continue;
    const prefix = readKernelLogPrefix(line);
    if (prefix) {
      if (pending) yield* emit(pending);
      pending = { line: n, prefix, text: prefix.message };
      lastStyle = prefix.style;
      if (prefix.zoneAssumed && !zoneNoted) {
        ctx.meta('timezoneAssumed', 'UTC');
        zoneNoted = true;
      }
      if (prefix.syslogDate && !dateNoted) {
        ctx.meta('syslogDate', prefix.syslogDate);
        dateNoted = true;
      }
      continue;
    }
    if (pending && continuesLogLine(pending.text, line)) {
      pending.text = `${pending.text.trimEnd()} ${line}`;
      continue;
    }
    if (isCommandLine(line) || JOURNAL_BANNER.test(line)) continue;
    if (decodeLogTarget(line) !== null || recogniseDrop(line, null) !== null) {
      // `dmesg -t` prints messages without any stamp.
      if (pending) yield* emit(pending);
      pending = { line: n, prefix: null, text: line };
      continue;
    }
    budget.warn('dmesg/not-a-log-line', `no kernel log time stamp or syslog prefix: "${clip(line)}"`, n);
  }
  if (pending) yield* emit(pending);
  yield* traces.finish();
  budget.finish();
}

/** True when `next` is the hard-wrapped tail of the LOG line `text` (cut before its protocol fields). */
function continuesLogLine(text: string, next: string): boolean {
  const packet = decodeLogTarget(text);
  if (packet === null) return /^IN=[^\s=]* OUT=/.test(next);
  return logTargetLooksCut(packet) && LOG_CONTINUATION.test(next);
}

export const dmesgFormat: ArtifactFormat<LogLine | RuleTrace> = {
  id: 'dmesg',
  label: 'Kernel log (dmesg, kern.log, journalctl -k)',
  kind: 'text',
  probe: probeDmesg,
  parse: parseDmesg,
};
