import type { ParseContext } from './format';
import type { ClockKind, Frame, KernelEvent } from '../model/kernel-event';
import { emptyFrame, frameFromSymbolText, hexAddress } from './frame-text';
import { kernelEvent, readReason, skbAddress } from './kernel-event-record';

// The grammar of `perf script` text: one sample line per event, `HEADER: EVENT: PAYLOAD`, optionally followed by a callchain
// (`-g`) and a blank line. Ref: /work/shared/spec/formats-notes.md §1–2, kernel-notes.md §4 (TP_printk per era).
//
// HEADER is `COMM TID [CPU] SECS.USECS` with COMM free text (`kworker/0:1-vir`, `gnome shell`): the regex is
// anchored on the right-hand fields so COMM takes whatever is left. `TID/PID`, a missing `[CPU]` and a period
// before the event (`-F period`) are tolerated.
export const SAMPLE = /^\s*(.*?\S)\s+(\d+)(?:\/(\d+))?\s+(?:\[(\d+)\]\s+)?(\d+\.\d+):\s*(?:(\d+)\s+)?([\w.-]+(?::[\w.-]+)?):(?:\s+(.*?))?\s*$/;
// A header wrapped right after its time stamp (`firecracker 68452 [054]  3053.183991: ` + newline + event).
export const HEADER_ONLY = /^\s*(.*?\S)\s+(\d+)(?:\/\d+)?\s+(?:\[\d+\]\s+)?\d+\.\d+:\s*$/;
// `probe:fn: (ffffffffa05f0330) k=v…` and `probe:fn__return: (ffffffffa05f0330 <- ffffffff8157d0f5) k=v…`.
const PROBE_PAYLOAD = /^\(([0-9a-f]+)(?:\s*<-\s*([0-9a-f]+))?\)\s*(.*)$/;
const ARGUMENT = /([A-Za-z_$][\w.$]*)=("(?:[^"\\]|\\.)*"|\S+)/g;
const HEADER_FIELD = /^#\s*([^:]+?)\s*:\s*(.*?)\s*$/;
export const LOST = /PERF_RECORD_LOST(?:_SAMPLES)?\b.*?\blost\s+(\d+)|\bLOST\s+(\d+)\s+events?\b|\blost\s+(\d+)\s+events?\b/i;
export const LOST_CHUNKS = /Processed\s+(\d+)\s+events\s+and\s+lost\s+(\d+)\s+chunks!/;
export const PERF_CHATTER = /^\s*(?:Warning:\s*$|Check IO\/CPU overload!|Processed\s+\d+\s+samples\s+and\s+lost)/;

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
export const MAX_OPEN_CALLS = 64;
/** Distinct callchain lines remembered per file (a Frame each); beyond, lines are parsed each time. */
export const MAX_SHARED_FRAMES = 200_000;

/** Per-parse state: the clock the header announced, lost-event totals, open probe calls. */
export interface PerfState {
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

/** True when `next` (a physical line) continues `previous`, the logical line built so far (a hard-wrapped paste). */
export function isWrappedTail(previous: string, next: string): boolean {
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

/**
 * False only when no next line can be a wrapped tail of `line` (isWrappedTail(line, any) is false): the fast path
 * then knows the line is complete without waiting for the next one. Mirrors the branches of isWrappedTail.
 */
export function mayContinue(line: string): boolean {
  return HEADER_ONLY.test(line) || /(?:<-|\()\s*$/.test(line) || SAMPLE.test(line) || /^\s+[0-9a-f]+\s+\S+$/.test(line);
}

/**
 * False only when the physical line `text[start, end)` can be no wrapped tail of any line: TAIL_START fails on its
 * trimmed text once cleaned and unquoted. Read by hand (the fast path asks for every sample line): every TAIL_START
 * branch starts with `(` or a run of `[\w.-]` that ends at `=`, `:` or `)`. Blank lines are no tails. A quote marker
 * (`>`, `|`: unquoting would remove it), an escape (an ANSI code cleaning would remove) or another unusual character
 * where the answer depends on it answers true: ask the regex.
 */
export function mayBeTail(text: string, start: number, end: number): boolean {
  let i = start;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) continue;
    if (c < 0x20 || c > 0x7e) return true;
    break;
  }
  if (i >= end) return false;
  const first = text.charCodeAt(i);
  if (first === 0x28 || first === 0x3e || first === 0x7c) return true;
  const runStart = i;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    const word = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x2d;
    if (!word) break;
  }
  if (i === runStart || i >= end) return false;
  const after = text.charCodeAt(i);
  return after === 0x3d || after === 0x3a || after === 0x29 || (after < 0x20 && after !== 0x09) || after > 0x7e;
}

// `EVENT: PAYLOAD` of SAMPLE from the event name on: what the regex matches after the header the fast path read.
const SAMPLE_TAIL = /^([\w.-]+(?::[\w.-]+)?):(?:\s+(.*?))?\s*$/;

/** The event name and payload of a sample line from where its name starts (SAMPLE's groups 7 and 8), or null. */
export function sampleTail(tail: string): { name: string; payload: string | undefined } | null {
  const m = SAMPLE_TAIL.exec(tail);
  return m ? { name: m[1], payload: m[2] } : null;
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

export function sampleEvent(m: RegExpExecArray, line: number, endLine: number, state: PerfState): KernelEvent {
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
export function completeEvent(event: KernelEvent, state: PerfState): KernelEvent {
  const location = event.location;
  if (location && event.stack.length > 0 && (event.type === 'kfree_skb' || event.type === 'consume_skb' || event.type === 'tracepoint')) {
    event.location = locatedInStack(location, event.stack);
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

/** A tracepoint's location completed from its callchain (completeEvent): a copy of the matching frame, else itself. */
export function locatedInStack(location: Frame, stack: readonly Frame[]): Frame {
  const same = stack.find((f) =>
    location.address !== null ? f.address === location.address : f.symbol === location.symbol && f.offset === location.offset && f.address !== null,
  );
  return same ? { address: same.address, symbol: same.symbol, offset: same.offset, module: same.module } : location;
}

/** `# key : value` lines of `perf script --header`; anything else starting with `#` is a prompt or a comment. */
export function readHeaderLine(text: string, ctx: ParseContext, state: PerfState): void {
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

