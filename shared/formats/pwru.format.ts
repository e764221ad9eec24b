import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { KernelEvent, RawTime } from '../model/kernel-event';
import { readLines } from '../text/read-lines';
import { LONGEST_LINE, unquotedLines } from './unquote-paste';
import { ChatterFilter } from './paste-chatter';
import { LineWarnings } from './line-warnings';
import { emptyFrame, frameFromSymbolText } from './frame-text';
import { kernelEvent, readReason, skbAddress } from './kernel-event-record';
import { arrowTuple } from './trace-tuple';
import { dateTimeSeconds, timeOfDaySeconds } from './trace-time';
import { probeLines, scoreHits } from './probe-lines';

// cilium/pwru: one line per (skb, kernel function) hit. Ref: /work/shared/spec/formats-notes.md §8 and
// cilium/pwru internal/pwru/output.go (Print, PrintHeader, getOutFuncName, getTuple) across versions:
//  ≤ v0.0.x : `SKB CPU [PROCESS] FUNC [TIMESTAMP]` (FUNC right-aligned), then ` netns=… mark=0x… ifindex=… proto=…
//             mtu=… len=…` with --output-meta, then ` a:p->b:p(proto)` with --output-tuple.
//  v1.x     : `[TIME] SKB CPU PROCESS [TIMESTAMP] [NETNS MARK/x IFACE PROTO MTU LEN] [TUPLE] FUNC [CALLER]`, PROCESS
//             `exe:pid` (`~`-truncated to 16), IFACE `name:ifindex`, PROTO `0x0800`.
// FUNC is `kfree_skb_reason(SKB_DROP_REASON_X)` / `sk_skb_reason_drop(…)` or `name (N)` when the reason number
// has no name, plus `(tc)` / `(xdp)` for tracing programs. --output-stack prints one symbol per line after it.

const SKB_FIRST = /^\s*(?:(\S+)\s+)?(0x[0-9a-f]{6,16})\s+(\d{1,4})\s+(\S.*)$/;
const HEADER = /^\s*(?:TIME\s+)?SKB(?:\/SK)?\s+CPU\s+PROCESS\b/;
const FREE_FUNCTIONS = /^(?:kfree_skb|kfree_skb_reason|sk_skb_reason_drop|__kfree_skb|kfree_skbmem|skb_release_data)$/;
const CONSUME_FUNCTIONS = /^(?:consume_skb|__consume_stateless_skb|napi_consume_skb)$/;
const FUNC = /^([A-Za-z_.$][\w.$]*)(?:\s?\(([^)]*)\))?(?:\((tc|xdp)\))?$/;
const META_KEYS = new Set(['netns', 'mark', 'ifindex', 'proto', 'mtu', 'len']);

/** Clock of the TIMESTAMP column: absolute bpf_ktime ns ("current"), or per-skb deltas ("relative", first 0). */
interface PwruState {
  relative: boolean | null;
}

function lineTime(prefix: string | undefined): RawTime | null {
  if (!prefix) return null;
  const wall = dateTimeSeconds(prefix);
  if (wall !== null) return { clock: 'wall', value: wall };
  const tod = timeOfDaySeconds(prefix);
  return tod === null ? null : { clock: 'time-of-day', value: tod };
}

function readLine(m: RegExpExecArray, n: number, state: PwruState): KernelEvent | null {
  const event = kernelEvent({ line: n, type: 'probe', name: '', skb: skbAddress(m[2]), cpu: Number(m[3]), time: lineTime(m[1]) });
  // Cells after SKB and CPU; a `[comm]` / `exe:pid` process comes first, then the optional columns.
  let rest = m[4].trim();
  const bracketed = /^\[([^\]]*)\]\s*(.*)$/.exec(rest);
  let process: string;
  if (bracketed) {
    process = bracketed[1];
    rest = bracketed[2];
  } else {
    const space = rest.search(/\s/);
    process = space < 0 ? rest : rest.slice(0, space);
    rest = space < 0 ? '' : rest.slice(space + 1).trim();
  }
  const pid = /^(.*?)[:(](\d+)\)?$/.exec(process);
  event.comm = pid ? pid[1] : process;
  if (pid) event.pid = Number(pid[2]);
  event.args.process = process;
  // `kfree_skb_reason (5)`: glue the number back to its function before splitting into cells.
  const cells = rest.replace(/([\w.$]) \((\d+)\)/g, '$1($2)').split(/\s+/).filter((c) => c.length > 0);
  // v1.x meta columns NETNS MARK/x IFACE PROTO MTU LEN, found by their `0x0800`-style PROTO cell.
  const proto = cells.findIndex((c, i) => /^0x[0-9a-f]{4}$/i.test(c) && i >= 3 && /^\d+$/.test(cells[i - 3]) && /^\d+$/.test(cells[i + 1] ?? ''));
  if (proto >= 0) {
    const columns = ['netns', 'mark', 'iface', 'proto', 'mtu', 'len'];
    const taken = cells.splice(proto - 3, /^\d+$/.test(cells[proto + 2] ?? '') ? 6 : 5);
    taken.forEach((value, i) => (event.args[columns[i]] = value));
    event.protocol = parseInt(event.args.proto.slice(2), 16);
  }
  const functions: string[] = [];
  for (const cell of cells) {
    const pair = /^(\w+)=(\S+)$/.exec(cell);
    if (pair && META_KEYS.has(pair[1])) {
      event.args[pair[1]] = pair[2];
      // v0.0.x prints skb->protocol unconverted with %x: IPv4 (0x0800 on the wire) shows as `proto=8`.
      if (pair[1] === 'proto' && /^[0-9a-f]{1,4}$/i.test(pair[2])) event.protocol = ethertype(parseInt(pair[2], 16));
      continue;
    }
    const tuple = cell.includes('->') ? arrowTuple(cell, true) : null;
    if (tuple) {
      event.tuple = tuple;
    } else if (/^\d+$/.test(cell)) {
      if (event.args.timestamp === undefined) event.args.timestamp = cell;
    } else if (FUNC.test(cell)) {
      functions.push(cell);
    }
  }
  if (functions.length === 0) return null;
  readFunction(event, functions[0]);
  if (functions[1]) event.caller = frameFromSymbolText(functions[1]) ?? { ...emptyFrame(), symbol: functions[1] };
  readTimestamp(event, state);
  return event;
}

/** An ethertype read from memory in network order on a little-endian host is byte-swapped (0x0008 → 0x0800). */
function ethertype(value: number): number {
  return value >= 0x600 ? value : ((value & 0xff) << 8) | (value >> 8);
}

function readFunction(event: KernelEvent, cell: string): void {
  const m = FUNC.exec(cell);
  if (!m) return;
  const name = m[1];
  event.name = cell;
  event.location = { ...emptyFrame(), symbol: name };
  if (m[2] !== undefined) {
    const reason = readReason(m[2]);
    event.reason = reason.reason;
    event.reasonCode = reason.reasonCode;
  }
  if (FREE_FUNCTIONS.test(name)) event.type = 'kfree_skb';
  else if (CONSUME_FUNCTIONS.test(name)) event.type = 'consume_skb';
}

function readTimestamp(event: KernelEvent, state: PwruState): void {
  const printed = event.args.timestamp;
  if (printed === undefined || event.time !== null) return;
  // The first line of a `--timestamp relative` run is always 0 (first sight of its skb); `current` prints
  // bpf_ktime_get_ns(), nanoseconds since boot.
  if (state.relative === null) state.relative = printed === '0';
  if (!state.relative) event.time = { clock: 'boot', value: Number(printed) / 1e9 };
}

function* parsePwru(source: ArtifactSource, ctx: ParseContext): Generator<KernelEvent> {
  const warnings = new LineWarnings(ctx, 'pwru');
  const chatter = new ChatterFilter();
  const state: PwruState = { relative: null };
  let pending: KernelEvent | null = null;

  for (const line of unquotedLines(readLines(source))) {
    const text = line.text;
    if (text.trim().length === 0) continue;
    if (text.length > LONGEST_LINE) {
      warnings.warn('line-too-long', line.n, `line of ${text.length} characters skipped`);
      continue;
    }
    const m = SKB_FIRST.exec(text);
    const event = m ? readLine(m, line.n, state) : null;
    if (event) {
      if (pending) yield pending;
      pending = event;
      // --timestamp absolute prints time.Now() in the recording host's zone, which the output does not name.
      if (event.time?.clock === 'wall') ctx.meta('timeZone', 'unknown: pwru prints local time, read here as UTC');
      continue;
    }
    // --output-stack: one symbol (maybe `sym+0xoff`) per line under its event.
    const frame = pending && /^\s*[A-Za-z_.$][\w.$]*(?:\+0x[0-9a-f]+)?(?:\/0x[0-9a-f]+)?\s*$/.test(text) ? frameFromSymbolText(text.trim()) : null;
    if (pending && frame) {
      pending.stack.push(frame);
      pending.endLine = line.n;
      continue;
    }
    if (HEADER.test(text)) {
      ctx.meta('columns', text.trim().split(/\s{2,}|\s(?=[A-Z])/).join(' '));
      continue;
    }
    if (/^\s*(?:\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} |level=|time=)/.test(text)) {
      // pwru's own log lines (`2023/08/01 12:00:00 Attaching kprobes (via kprobe-multi)...`).
      continue;
    }
    if (chatter.test(text)) continue;
    warnings.unreadable(line.n, text);
  }
  if (pending) yield pending;
  if (state.relative) ctx.meta('timestamps', 'relative (per-skb deltas): not placed on a clock');
  warnings.finish();
}

function probePwru(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  for (const line of lines) {
    if (HEADER.test(line)) hits += 2;
    else if (/^\s*0x[0-9a-f]{6,16}\s+\d{1,4}\s+\S/.test(line) && !/\s:\s/.test(line)) {
      const tail = line.trim().split(/\s+/).slice(3);
      if (tail.some((cell) => /->|^[a-z_][\w.]*(?:\(|$)/.test(cell))) hits++;
    }
  }
  return scoreHits(hits, lines);
}

/** pwru (cilium): one line per kernel function an skb went through, with tuple and metadata columns. */
export const pwruFormat: ArtifactFormat<KernelEvent> = {
  id: 'pwru',
  label: 'pwru (packet, where are you?)',
  kind: 'text',
  probe: probePwru,
  parse: parsePwru,
};
