import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { Frame, KernelEvent, RawTime } from '../model/kernel-event';
import { readLines } from '../text/read-lines';
import { LONGEST_LINE, unquotedLines } from './unquote-paste';
import { ChatterFilter } from './paste-chatter';
import { LineWarnings } from './line-warnings';
import { emptyFrame, frameFromSymbolText, moduleName } from './frame-text';
import { kernelEvent, readReason, skbAddress } from './kernel-event-record';
import { arrowTuple, protocolText } from './trace-tuple';
import { dateTimeSeconds } from './trace-time';
import { probeLines, scoreHits } from './probe-lines';

// OpenCloudOS nettrace. Ref: /work/shared/spec/formats-notes.md §9; OpenCloudOS/nettrace src/output.c
// (ts_print_ts, ts_print_packet) and src/analysis.c (analy_entry_handle, analy_ctx_handle, drop analyzer).
//  line      : `[SECS.USECS] ` (or `[Y-M-D HH:MM:SS.us] ` with --date), then `[func padded to 20] ` (not in --drop
//              mode) or `[key][func][cpu:N][if][pid:N][task][ns:N] ` (--detail), then the packet
//              (`TCP: a:p -> b:p seq:…, ack:…, flags:SA`, `ICMP: a -> b ping request, seq: 1, id: 1523`,
//              `ARP: who has …`), then `, reason: R, sym+0xoff` or ` *reason: R, sym+0xoff*` (drops), ` *return: N*`,
//              and diagnosis texts ` *…*`.
//  context   : `***************** ffff…,ffff… ***************` opens the lines of one skb (keys = skb addresses).
//  stacks    : `Call Stack:` then `    -> sym+0xoff`; diagnosis `[N] LEVEL happens in func(parent):` + TAB text,
//              `    location:` / `    drop reason:` / `    stack:` / `    fix advice:` sub-blocks.

const TIME = /^\s*\[(\d+\.\d+|\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{2}:\d{2}\.\d+)\]\s*(.*)$/;
const BRACKETS = /^\[([^\]]*)\]\s*/;
const PACKET = /^(?:([A-Za-z0-9]+):\s+(.*)|(ARP:.*)|(ether protocol:.*)|(unknow))$/;
const CONTEXT = /^\s*\*{5,}\s*([0-9a-f,\s]+?)\s*\*{5,}\s*$/;
const DIAGNOSIS = /^\s*\[(\d+)\]\s+(\w+)\s+happens in\s+([\w.$]+)\(([^)]*)\):\s*$/;
const CALL_STACK = /^\s*Call Stack:\s*$/;
const ARROW_FRAME = /^\s*->\s*(\S+)\s*$/;
const SUB_BLOCK = /^\s{2,}(location|drop reason|stack|fix advice):\s*$/;
const DSO_FRAME = /^\s+([A-Za-z_.$][\w.$]*(?:\+0x[0-9a-f]+)?)\s+\(([^()]+)\)\s*$/;
const BANNER = /^\s*(?:begin trace\.*|end trace\.*|analysis finished!|this is a good packet!|-{4,}\s*ANALYSIS RESULT\s*-{4,}|\d+ packets? (?:traced|dropped).*)\s*$/i;
/** Traced functions that free an skb as a drop. */
const DROP_FUNCTIONS = /^(?:kfree_skb|kfree_skb_reason|sk_skb_reason_drop|__kfree_skb|kfree_skb_list)$/;

/** Where following lines go: a stack, a diagnosis sub-block. */
type Collecting = 'stack' | 'location' | 'drop reason' | 'fix advice' | null;

function timeOf(printed: string): RawTime | null {
  if (printed.includes('-')) {
    // --date: localtime() of the recording host; its zone is not printed (read as UTC).
    const wall = dateTimeSeconds(printed);
    return wall === null ? null : { clock: 'wall', value: wall };
  }
  // bpf_ktime_get_ns(): seconds since boot.
  return { clock: 'boot', value: Number(printed) };
}

/** Reads one trace line after its time stamp. */
function traceLine(n: number, time: RawTime | null, rest: string, contextSkb: string | null): KernelEvent | null {
  let text = rest;
  const brackets: string[] = [];
  for (let m = BRACKETS.exec(text); m; m = BRACKETS.exec(text)) {
    brackets.push(m[1].trim());
    text = text.slice(m[0].length);
  }
  // Diagnosis texts `*…*`: kept as args, then removed so the packet text parses.
  const diagnoses: string[] = [];
  text = text.replace(/\s*\*([^*]+)\*/g, (_all, inner: string) => {
    diagnoses.push(inner.trim());
    return '';
  });
  const packet = PACKET.exec(text.trim());
  if (!packet) return null;
  const event = kernelEvent({ line: n, type: 'probe', name: 'nettrace', time, skb: contextSkb });
  // --detail: [key][func][cpu:N][if][pid:N][task][ns:N]; otherwise [func].
  let fn: string | null = null;
  for (const cell of brackets) {
    const kv = /^(cpu|pid|ns):\s*(\d+)$/.exec(cell);
    if (kv) {
      if (kv[1] === 'cpu') event.cpu = Number(kv[2]);
      else if (kv[1] === 'pid') event.pid = Number(kv[2]);
      else event.args.netns = kv[2];
    } else if (/^[0-9a-f]{8,16}$/.test(cell)) {
      event.skb = skbAddress(cell);
    } else if (fn === null && /^[A-Za-z_.$][\w.$]*$/.test(cell)) {
      fn = cell;
    } else if (cell.length > 0) {
      event.args[event.args.iface === undefined ? 'iface' : 'task'] = cell;
    }
  }
  if (brackets.length > 3 && event.args.task !== undefined) event.comm = event.args.task;
  if (packet[1]) {
    event.tuple = arrowTuple(packet[2], true) ?? { proto: null, src: null, dst: null, sport: null, dport: null };
    event.tuple.proto = protocolText(packet[1]);
  }
  event.args.packet = text.trim();
  const details: string[] = [...diagnoses];
  // Drop analyzer text: `reason: NETFILTER_DROP, nf_hook_slow+0xa8` (older: `, tcp_v4_rcv+0x63` at the end).
  let location: Frame | null = null;
  for (const part of [text, ...diagnoses]) {
    const reason = /\breason:\s*([A-Za-z0-9_]+)/.exec(part);
    if (reason) {
      const read = readReason(reason[1]);
      event.reason = read.reason;
      event.reasonCode = read.reasonCode;
    }
    const symbol = /(?:^|[,\s])([A-Za-z_.$][\w.$]*\+0x[0-9a-f]+)\s*$/.exec(part);
    if (symbol) location = frameFromSymbolText(symbol[1]);
    const returned = /^return:\s*(-?\d+)$/.exec(part);
    if (returned) event.retval = Number(returned[1]);
  }
  if (details.length > 0) event.args.diagnosis = details.join(' | ');
  // A drop is located where the analyzer says it was freed; any other line at the function nettrace traced.
  const traced = fn === null ? null : { ...emptyFrame(), symbol: fn };
  const drop = (fn !== null && DROP_FUNCTIONS.test(fn)) || event.reason !== null || (fn === null && location !== null);
  event.type = drop ? 'kfree_skb' : 'probe';
  event.name = fn ?? (drop ? 'drop' : 'nettrace');
  event.location = drop ? location ?? traced : traced ?? location;
  return event;
}

function* parseNettrace(source: ArtifactSource, ctx: ParseContext): Generator<KernelEvent> {
  const warnings = new LineWarnings(ctx, 'nettrace');
  const chatter = new ChatterFilter();
  let pending: KernelEvent | null = null;
  let collecting: Collecting = null;
  let contextSkb: string | null = null;

  for (const line of unquotedLines(readLines(source))) {
    const text = line.text;
    if (text.trim().length === 0) {
      if (pending) yield pending;
      pending = null;
      collecting = null;
      contextSkb = null;
      continue;
    }
    if (text.length > LONGEST_LINE) {
      warnings.warn('line-too-long', line.n, `line of ${text.length} characters skipped`);
      continue;
    }
    const timed = TIME.exec(text);
    if (timed) {
      const event = traceLine(line.n, timeOf(timed[1]), timed[2], contextSkb);
      if (event) {
        if (pending) yield pending;
        pending = event;
        collecting = null;
        if (event.time?.clock === 'wall') ctx.meta('timeZone', 'unknown: nettrace --date prints local time, read here as UTC');
        continue;
      }
    }
    const diagnosis = DIAGNOSIS.exec(text);
    if (diagnosis) {
      if (pending) yield pending;
      // The analysis result names the function that hit the rule; a drop's place and reason follow.
      pending = kernelEvent({
        line: line.n,
        type: DROP_FUNCTIONS.test(diagnosis[3]) ? 'kfree_skb' : 'probe',
        name: `${diagnosis[3]}(${diagnosis[4]})`,
        skb: contextSkb,
        args: { level: diagnosis[2], rule: diagnosis[1] },
      });
      collecting = null;
      continue;
    }
    if (pending) {
      if (CALL_STACK.test(text)) {
        collecting = 'stack';
        pending.endLine = line.n;
        continue;
      }
      const sub = SUB_BLOCK.exec(text);
      if (sub) {
        collecting = sub[1] as Collecting;
        pending.endLine = line.n;
        continue;
      }
      if (collectInto(pending, collecting, text)) {
        pending.endLine = line.n;
        continue;
      }
    }
    const context = CONTEXT.exec(text);
    if (context) {
      if (pending) yield pending;
      pending = null;
      contextSkb = skbAddress(context[1].split(',')[0].trim());
      continue;
    }
    if (BANNER.test(text)) continue;
    if (chatter.test(text)) continue;
    warnings.unreadable(line.n, text);
  }
  if (pending) yield pending;
  warnings.finish();
}

/** One line inside a stack or diagnosis sub-block; false when the line is not part of it. */
function collectInto(event: KernelEvent, collecting: Collecting, text: string): boolean {
  const arrow = ARROW_FRAME.exec(text);
  if (collecting === 'stack' && arrow) {
    event.stack.push(frameFromSymbolText(arrow[1]) ?? { ...emptyFrame(), symbol: arrow[1] });
    return true;
  }
  const dso = DSO_FRAME.exec(text);
  if (collecting === 'stack' && dso) {
    const frame = frameFromSymbolText(dso[1]) ?? { ...emptyFrame(), symbol: dso[1] };
    event.stack.push({ ...frame, module: moduleName(dso[2]) });
    return true;
  }
  if (!/^\t|^\s{4,}/.test(text)) return false;
  const value = text.trim();
  if (collecting === 'location') {
    event.location = frameFromSymbolText(value) ?? { ...emptyFrame(), symbol: value };
  } else if (collecting === 'drop reason') {
    const reason = readReason(value);
    event.reason = reason.reason;
    event.reasonCode = reason.reasonCode;
  } else if (collecting === 'fix advice') {
    event.args.advice = value;
  } else if (collecting === null && event.args.level !== undefined && event.args.message === undefined) {
    // The TAB-indented rule message right under `[N] ERROR happens in …:`.
    event.args.message = value;
    if (/dropped/.test(value)) event.type = 'kfree_skb';
  } else {
    return false;
  }
  return true;
}

function probeNettrace(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  for (const line of lines) {
    const timed = TIME.exec(line);
    if (timed && /^(?:\[[^\]]*\]\s*)*[A-Za-z0-9]+: \S+ -> \S+/.test(timed[2])) hits += 2;
    else if (DIAGNOSIS.test(line) || CALL_STACK.test(line) || /^\s*begin trace\.\.\.\s*$/.test(line)) hits++;
  }
  return Math.min(0.9, scoreHits(hits, lines) + (hits >= 2 ? 0.05 : 0));
}

/** nettrace (OpenCloudOS): skb lifetime lines with function, packet, drop reason and diagnosis. */
export const nettraceFormat: ArtifactFormat<KernelEvent> = {
  id: 'nettrace',
  label: 'nettrace (skb lifetime and drop diagnosis)',
  kind: 'text',
  probe: probeNettrace,
  parse: parseNettrace,
};
