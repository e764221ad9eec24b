import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { ClockKind, Frame, KernelEvent } from '../model/kernel-event';
import { readLines } from '../text/read-lines';
import { joinWrapped, LONGEST_LINE, unquotedLines } from './unquote-paste';
import { ChatterFilter } from './paste-chatter';
import { LineWarnings } from './line-warnings';
import { emptyFrame, frameFromSymbolText, hexAddress, parsePerfFrame } from './frame-text';
import { kernelEvent, readReason, skbAddress } from './kernel-event-record';
import { probeLines, scoreHits } from './probe-lines';

// `perf script` text: one sample line per event, `HEADER: EVENT: PAYLOAD`, optionally followed by a callchain
// (`-g`) and a blank line. Ref: /work/shared/spec/formats-notes.md §1–2, kernel-notes.md §4 (TP_printk per era).
//
// HEADER is `COMM TID [CPU] SECS.USECS` with COMM free text (`kworker/0:1-vir`, `gnome shell`): the regex is
// anchored on the right-hand fields so COMM takes whatever is left. `TID/PID`, a missing `[CPU]` and a period
// before the event (`-F period`) are tolerated.
const SAMPLE = /^\s*(.*?\S)\s+(\d+)(?:\/(\d+))?\s+(?:\[(\d+)\]\s+)?(\d+\.\d+):\s*(?:(\d+)\s+)?([\w.-]+(?::[\w.-]+)?):(?:\s+(.*?))?\s*$/;
// A header wrapped right after its time stamp (`firecracker 68452 [054]  3053.183991: ` + newline + event).
const HEADER_ONLY = /^\s*(.*?\S)\s+(\d+)(?:\/\d+)?\s+(?:\[\d+\]\s+)?\d+\.\d+:\s*$/;
// `probe:fn: (ffffffffa05f0330) k=v…` and `probe:fn__return: (ffffffffa05f0330 <- ffffffff8157d0f5) k=v…`.
const PROBE_PAYLOAD = /^\(([0-9a-f]+)(?:\s*<-\s*([0-9a-f]+))?\)\s*(.*)$/;
const ARGUMENT = /([A-Za-z_$][\w.$]*)=("(?:[^"\\]|\\.)*"|\S+)/g;
const HEADER_FIELD = /^#\s*([^:]+?)\s*:\s*(.*?)\s*$/;
const LOST = /PERF_RECORD_LOST(?:_SAMPLES)?\b.*?\blost\s+(\d+)|\bLOST\s+(\d+)\s+events?\b|\blost\s+(\d+)\s+events?\b/i;
const LOST_CHUNKS = /Processed\s+(\d+)\s+events\s+and\s+lost\s+(\d+)\s+chunks!/;
const PERF_CHATTER = /^\s*(?:Warning:\s*$|Check IO\/CPU overload!|Processed\s+\d+\s+samples\s+and\s+lost)/;

// perf --header fields → meta keys (the names the artifact list shows).
const HEADER_KEYS: Record<string, string> = {
  'captured on': 'capturedOn',
  hostname: 'hostname',
  'os release': 'osRelease',
  'perf version': 'perfVersion',
  arch: 'arch',
  'nrcpus online': 'nrcpus',
  cmdline: 'cmdline',
  'time of first sample': 'firstSample',
  'time of last sample': 'lastSample',
  clockid: 'clockid',
};
// clockid numbers (`# event : … use_clockid = 1, …, clockid = N`) → the names perf prints (`# clockid: realtime (0)`).
const CLOCK_NAMES: Record<string, string> = { '0': 'realtime', '1': 'monotonic', '4': 'monotonic_raw', '7': 'boottime', '11': 'tai' };

/** Open entry probes kept per task and function. */
const MAX_OPEN_CALLS = 64;
/** Distinct callchain lines remembered per file (a Frame each); beyond, lines are parsed each time. */
const MAX_SHARED_FRAMES = 200_000;

/** Per-parse state: the clock the header announced, lost-event totals, open probe calls. */
interface PerfState {
  clock: ClockKind;
  lostEvents: number;
  /** Entry probes not yet returned, per `tid function`, innermost last (kretprobes pair LIFO per task). */
  openCalls: Map<string, (string | null)[]>;
}

/** A return value as perf prints it: hex at the fetch type's width (`0xffffffa1` = u32 → -95), or decimal. */
export function signedReturnValue(printed: string): number | null {
  const text = printed.trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  const m = /^0x([0-9a-f]{1,16})$/i.exec(text);
  if (!m) return null;
  const digits = m[1];
  const value = BigInt(`0x${digits}`);
  // perf prints the declared width: 8 digits with the top bit set is a negative 32-bit errno, 16 a 64-bit one.
  if (digits.length === 8) return Number(BigInt.asIntN(32, value));
  if (digits.length === 16) return Number(BigInt.asIntN(64, value));
  return Number(value);
}

// What a wrapped tail can start with: a payload `key=`, `reason:`, a DSO `(…)`, a return address `…)`, an event.
const TAIL_START = /^(?:[a-z_]+=\S|reason:\s|\(|[0-9a-f]+\)$|[\w.-]+:[\w.-]+:)/;

function isWrappedTail(previous: string, next: string): boolean {
  const trimmed = next.trim();
  if (!TAIL_START.test(trimmed)) return false;
  if (HEADER_ONLY.test(previous)) return /^[\w.-]+:[\w.-]+:/.test(trimmed);
  // Inside a payload or a return-probe pair the wrap leaves `<- ` or an open parenthesis at the end.
  if (/(?:<-|\()\s*$/.test(previous)) return true;
  // `protocol=2048 location=0x…` continuing a sample line; `(/lib/modules/…/vmlinux)` continuing a frame.
  if (SAMPLE.test(previous)) return /^[a-z_]+=\S/.test(trimmed) || /^reason:\s/.test(trimmed);
  if (/^\s+[0-9a-f]+\s+\S+$/.test(previous)) return /^\([^()\s]+\)$/.test(trimmed);
  return false;
}

function argumentsOf(payload: string): Record<string, string> {
  const args: Record<string, string> = {};
  for (const m of payload.matchAll(ARGUMENT)) args[m[1]] = m[2];
  return args;
}

function eventType(name: string, probe: RegExpExecArray | null): KernelEvent['type'] {
  const event = name.slice(name.indexOf(':') + 1);
  if (event === 'kfree_skb') return 'kfree_skb';
  if (event === 'consume_skb') return 'consume_skb';
  if (probe) return probe[2] !== undefined || event.endsWith('__return') ? 'probe-return' : 'probe';
  return 'tracepoint';
}

/** Location printed by a tracepoint: `0xffffffff…` (≤5.x `%p`) or `sym+0x…` (6.2+ `%pS`), maybe ` [module]`. */
function locationOf(payload: string): Frame | null {
  const m = /\blocation=(\S+)(?:\s+\[([\w.-]+)\])?/.exec(payload);
  if (!m) return null;
  const frame = frameFromSymbolText(m[2] ? `${m[1]} [${m[2]}]` : m[1]);
  return frame ?? { ...emptyFrame(), symbol: m[1] };
}

function sampleEvent(m: RegExpExecArray, line: number, endLine: number, state: PerfState): KernelEvent {
  const name = m[7];
  const payload = m[8] ?? '';
  const probe = PROBE_PAYLOAD.exec(payload);
  const type = eventType(name, probe);
  const args = argumentsOf(probe ? probe[3] : payload);
  const reasonText = /\breason:\s*(\S+)/.exec(payload);
  const reason = reasonText ? readReason(reasonText[1]) : { reason: null, reasonCode: null };
  const protocolText = args.protocol;
  const protocol = protocolText === undefined ? null : /^0x/i.test(protocolText) ? parseInt(protocolText.slice(2), 16) : Number(protocolText);
  const event = kernelEvent({
    line,
    endLine,
    type,
    name,
    time: { clock: state.clock, value: Number(m[5]) },
    comm: m[1],
    pid: Number(m[3] ?? m[2]),
    cpu: m[4] === undefined ? null : Number(m[4]),
    skb: skbAddress(args.skbaddr ?? args.skb ?? args.skb_addr),
    protocol: Number.isFinite(protocol) ? protocol : null,
    location: locationOf(payload),
    ...reason,
    args,
  });
  if (probe) {
    // perf probe names the event after the probed function; `__return` marks the kretprobe of the same function.
    const fn = name.slice(name.indexOf(':') + 1).replace(/__return$/, '');
    event.location = { address: hexAddress(probe[1]), symbol: fn, offset: null, module: null };
    if (type === 'probe-return') {
      event.caller = probe[2] === undefined ? null : { ...emptyFrame(), address: hexAddress(probe[2]) };
      const printed = args.$retval ?? args.retval ?? args.ret ?? args.arg1;
      event.retval = printed === undefined ? null : signedReturnValue(printed);
    }
  }
  return event;
}

/**
 * Fills what one record proves about itself: a location printed as `sym+off` gets the address of the callchain
 * frame with that symbol and offset (and the reverse for a `0x…` location); a return probe's caller gets the
 * symbol of the frame at its address; a return probe without an skb argument takes the skb of its entry probe
 * (same task, same function, innermost open call) — kretprobes fire in LIFO order per task.
 */
function completeEvent(event: KernelEvent, state: PerfState): KernelEvent {
  const location = event.location;
  if (location && event.stack.length > 0 && (event.type === 'kfree_skb' || event.type === 'consume_skb' || event.type === 'tracepoint')) {
    const same = event.stack.find((f) =>
      location.address !== null ? f.address === location.address : f.symbol === location.symbol && f.offset === location.offset && f.address !== null,
    );
    if (same) event.location = { address: same.address, symbol: same.symbol, offset: same.offset, module: same.module };
  }
  const caller = event.caller;
  if (caller && caller.address !== null) {
    const same = event.stack.find((f) => f.address === caller.address);
    if (same) event.caller = { ...same };
  }
  if (event.type === 'probe' || event.type === 'probe-return') {
    const key = `${event.pid} ${event.location?.symbol ?? ''}`;
    const open = state.openCalls.get(key) ?? [];
    if (event.type === 'probe') {
      open.push(event.skb);
      // Entries whose return was not recorded would pile up; no call nests deeper than this.
      if (open.length > MAX_OPEN_CALLS) open.shift();
      state.openCalls.set(key, open);
    } else {
      const entrySkb = open.pop();
      if (event.skb === null && entrySkb !== undefined) event.skb = entrySkb;
    }
  }
  return event;
}

function* parsePerfScript(source: ArtifactSource, ctx: ParseContext): Generator<KernelEvent> {
  const warnings = new LineWarnings(ctx, 'perf-script');
  const chatter = new ChatterFilter();
  const state: PerfState = { clock: 'boot', lostEvents: 0, openCalls: new Map() };
  let current: KernelEvent | null = null;
  const frames = new Map<string, Frame>();

  for (const logical of joinWrapped(unquotedLines(readLines(source)), isWrappedTail)) {
    const text = logical.text;
    if (text.trim().length === 0) {
      if (current) yield completeEvent(current, state);
      current = null;
      chatter.reset();
      continue;
    }
    if (text.length > LONGEST_LINE) {
      if (current) yield completeEvent(current, state);
      current = null;
      warnings.warn('line-too-long', logical.n, `line of ${text.length} characters skipped: no perf line is that long`);
      continue;
    }
    // Every sample line has `SECS:`; callchain frames have no colon (a cheap test before the costly regex).
    const sample = text.includes(':') ? SAMPLE.exec(text) : null;
    if (sample && !text.trimStart().startsWith('#')) {
      if (current) yield completeEvent(current, state);
      current = sampleEvent(sample, logical.n, logical.endN, state);
      chatter.reset();
      continue;
    }
    // A long trace repeats the same callchain lines: one Frame per distinct line, shared (frames are never mutated).
    let frame = frames.get(text) ?? null;
    if (!frame && /^\s/.test(text)) {
      frame = parsePerfFrame(text);
      if (frame && frames.size < MAX_SHARED_FRAMES) frames.set(text, frame);
    }
    if (frame) {
      if (current) {
        current.stack.push(frame);
        current.endLine = logical.endN;
      } else {
        warnings.warn('orphan-frame', logical.n, 'callchain frame without a sample line before it');
      }
      continue;
    }
    if (current) {
      yield completeEvent(current, state);
      current = null;
    }
    const lost = LOST.exec(text);
    if (lost) {
      const count = Number(lost[1] ?? lost[2] ?? lost[3]);
      state.lostEvents += count;
      ctx.meta('lostEvents', String(state.lostEvents));
      warnings.warn('lost-events', logical.n, `perf lost ${count} events here: the trace is incomplete`);
      continue;
    }
    const chunks = LOST_CHUNKS.exec(text);
    if (chunks) {
      ctx.meta('lostChunks', chunks[2]);
      warnings.warn('lost-events', logical.n, `perf lost ${chunks[2]} chunks of events: the trace is incomplete`);
      continue;
    }
    if (text.trimStart().startsWith('#')) {
      readHeaderLine(text, ctx, state);
      continue;
    }
    if (PERF_CHATTER.test(text) || chatter.test(text)) continue;
    warnings.unreadable(logical.n, text);
  }
  if (current) yield completeEvent(current, state);
  warnings.finish();
}

/** `# key : value` lines of `perf script --header`; anything else starting with `#` is a prompt or a comment. */
function readHeaderLine(text: string, ctx: ParseContext, state: PerfState): void {
  const m = HEADER_FIELD.exec(text.trim());
  if (!m) return;
  const key = m[1].toLowerCase();
  let value = m[2];
  if (key === 'event') {
    // `use_clockid = 1, …, clockid = 0` in the event attributes: the samples carry that clock, not perf_clock.
    const clock = /\buse_clockid = 1\b.*?\bclockid = (\d+)/.exec(value);
    if (!clock) return;
    value = `${CLOCK_NAMES[clock[1]] ?? 'clockid'} (${clock[1]})`;
    ctx.meta('clockid', value);
  } else if (HEADER_KEYS[key]) {
    ctx.meta(HEADER_KEYS[key], value);
  } else {
    return;
  }
  // CLOCK_REALTIME and CLOCK_TAI samples are wall-clock seconds since the epoch (TAI runs ahead of UTC by the
  // kernel's tai offset, 0 unless ntpd/chrony set it; kept as printed). Every other clock counts from boot.
  if (key === 'clockid' || key === 'event') state.clock = /^(?:realtime|tai)\b/.test(value) ? 'wall' : 'boot';
}

function probePerfScript(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  let header = false;
  for (const line of lines) {
    const sample = SAMPLE.exec(line);
    if (sample && !line.trimStart().startsWith('#')) {
      hits += 1;
    } else if (HEADER_ONLY.test(line) || /^\s*(?:skb|probe|kprobes|net|probe_\w+):[\w.-]+: /.test(line)) {
      hits += 1;
    } else if (/^\s+[0-9a-f]+\s+\S+(?:\s+\([^()]+\))?$/.test(line)) {
      hits += 1;
    } else if (/^# (?:captured on|perf version|time of first sample)\s*:/.test(line)) {
      header = true;
    }
  }
  return Math.min(0.9, scoreHits(hits, lines) + (header && hits > 0 ? 0.05 : 0));
}

/** `perf script` (optionally `--header`, `-g`): skb tracepoints of every kernel era, perf probe / kprobe events. */
export const perfScriptFormat: ArtifactFormat<KernelEvent> = {
  id: 'perf-script',
  label: 'perf script (kernel tracepoints, probes)',
  kind: 'text',
  probe: probePerfScript,
  parse: parsePerfScript,
};
