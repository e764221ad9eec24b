import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { Frame, KernelEvent, RawTime } from '../model/kernel-event';
import { readLines } from '../text/read-lines';
import { LONGEST_LINE, unquotedLines } from './unquote-paste';
import { ChatterFilter } from './paste-chatter';
import { LineWarnings } from './line-warnings';
import { emptyFrame, frameFromSymbolText, hexAddress, parseStapFrame } from './frame-text';
import { kernelEvent } from './kernel-event-record';
import { hasPacketFacts, printfFacts } from './printf-facts';
import { ctimeSeconds } from './trace-time';
import { probeLines, scoreHits } from './probe-lines';

// SystemTap script output: dropwatch.stp summaries, print_backtrace() blocks, and the script's own printf lines.
// Ref: /work/shared/spec/formats-notes.md §3, kernel-notes.md §6 (stap frame format).
//
// Which event owns a backtrace (print_backtrace() prints frames only, never a header):
//  1. A backtrace block is a run of consecutive frame lines. Consecutive probe hits print their blocks without a
//     separator, so a frame repeating the block's leaf address starts the next block (the same probe point
//     always produces the same leaf address; a deeper frame never has the leaf's exact return address).
//  2. It belongs to the printf line printed immediately before it (no blank line between), when that line is an
//     event line of the script: stap flushes one probe handler's output in order, and scripts write
//     `printf(...); print_backtrace()` (e.g. `Exec: httpd Name: size-32 Count: 1` then its frames).
//  3. A summary line (`N packets dropped at …`) never owns one: summaries come from a timer probe, which has no
//     kernel stack, so the frames after a summary belong to a later kfree_skb probe hit.
//  4. Otherwise the block is an event of its own, printed by the probe that hit: a drop ('kfree_skb') when its
//     leaf frame is a free function (kfree_skb …), located at the frame below it (its caller, the same place
//     the tracepoint's `location` names); a 'probe' hit located at its leaf frame otherwise. It has no time.
//  5. A summary takes the stack of the latest backtrace drop of its interval located at the same address (the
//     interval's backtraces are printed before its `=== ctime ===` header), so the aggregate keeps a callchain.
//  In seed-centos7/stap-mydropwatch.txt every block is rule 4 (one per dropped SYN, leaf kfree_skb, location
//  nf_hook_slow+0xf3) and each `=== ctime ===` summary counts the blocks printed since the previous summary.

/** Functions whose hit means "an skb is being dropped" when they are the leaf of a stap backtrace. */
const FREE_FUNCTIONS = new Set(['kfree_skb', 'kfree_skb_reason', 'sk_skb_reason_drop', '__kfree_skb', 'kfree_skb_list', 'kfree_skb_list_reason']);

// dropwatch.stp: `%d packets dropped at location %p` (old), `… at %s` with symname (newer), and hand-made
// `… at ffffffff8157d2b3 (nf_hook_slow)` variants.
const SUMMARY = /^\s*(\d+)\s+packets?\s+dropped\s+at\s+(?:location\s+)?(\S+)(?:\s+\(([^)]*)\))?\s*$/;
const HEADER = /^\s*={2,}\s*(.*?)\s*={2,}\s*$/;
const PASS = /^Pass\s+(\d+):\s*(.*)$/;
const BANNER = /^(?:Monitoring for dropped packets|Stopping dropped packet monitor)\s*$/;
const TOOL_MESSAGE = /^(?:WARNING|ERROR|semantic error|Missing separate debuginfos|Checking ".*"|parse error)\b/;

/** A backtrace block being read, and the printf line that owns it (rule 2). */
interface Block {
  owner: { n: number; text: string } | null;
  frames: Frame[];
  line: number;
  endLine: number;
}

function summaryEvent(m: RegExpExecArray, line: number, time: RawTime | null): KernelEvent {
  const where = m[2];
  let location: Frame;
  if (/^(?:0x)?[0-9a-f]{8,16}$/i.test(where)) {
    location = { ...emptyFrame(), address: hexAddress(where), symbol: m[3] && m[3].length > 0 ? m[3] : null };
  } else {
    location = frameFromSymbolText(where) ?? { ...emptyFrame(), symbol: where };
  }
  return kernelEvent({ line, type: 'drop-summary', name: 'stap:summary', time, location, count: Number(m[1]), args: { at: m[3] ? `${m[2]} (${m[3]})` : m[2] } });
}

/** Rule 5: the summary borrows the callchain (and the offset) of a backtrace drop at its address. */
function withIntervalStack(summary: KernelEvent, drops: ReadonlyMap<string, KernelEvent>): KernelEvent {
  const at = summary.location?.address;
  const drop = at ? drops.get(at) : undefined;
  if (drop && drop.location) {
    summary.stack = [...drop.stack];
    summary.location = { ...drop.location };
  }
  return summary;
}

/** The event a backtrace block stands for, with or without its printf line (rules 2 and 4). */
function blockEvent(block: Block): KernelEvent {
  const leaf = block.frames[0] ?? null;
  const drop = leaf !== null && leaf.symbol !== null && FREE_FUNCTIONS.has(leaf.symbol);
  const located = drop ? block.frames[1] ?? null : leaf;
  if (!block.owner) {
    return kernelEvent({ line: block.line, endLine: block.endLine, type: drop ? 'kfree_skb' : 'probe', name: 'stap:backtrace', location: located, stack: block.frames });
  }
  const event = printfEvent(block.owner.n, block.owner.text);
  event.endLine = block.endLine;
  event.stack = block.frames;
  if (drop) event.type = 'kfree_skb';
  if (event.location === null) event.location = located;
  return event;
}

function printfEvent(n: number, text: string): KernelEvent {
  const facts = printfFacts(text);
  const drop = facts.reason !== null || facts.reasonCode !== null || /\bdrop|kfree_skb/i.test(text);
  return kernelEvent({
    line: n,
    type: drop ? 'kfree_skb' : 'probe',
    name: 'stap:printf',
    time: facts.time,
    comm: facts.comm,
    pid: facts.pid,
    cpu: facts.cpu,
    skb: facts.skb,
    protocol: facts.protocol,
    location: facts.location,
    reason: facts.reason,
    reasonCode: facts.reasonCode,
    tuple: facts.tuple,
    args: facts.args,
  });
}

function* parseStap(source: ArtifactSource, ctx: ParseContext): Generator<KernelEvent> {
  const warnings = new LineWarnings(ctx, 'stap');
  const chatter = new ChatterFilter();
  const banners: string[] = [];
  let time: RawTime | null = null;
  let pending: { n: number; text: string } | null = null;
  let block: Block | null = null;
  // The latest backtrace drop per address since the last `=== ctime ===` header, and those of the interval that
  // header closed (rule 5).
  let recent = new Map<string, KernelEvent>();
  let interval = new Map<string, KernelEvent>();

  function closeBlock(open: Block): KernelEvent {
    const event = blockEvent(open);
    const address = event.location?.address;
    if (event.type === 'kfree_skb' && address) recent.set(address, event);
    return event;
  }

  // A printf line not followed by frames: an event when it carries packet facts, else a line we cannot use.
  function* flushPending(): Generator<KernelEvent> {
    if (!pending) return;
    const facts = printfFacts(pending.text);
    if (hasPacketFacts(facts)) yield printfEvent(pending.n, pending.text);
    else warnings.warn('unrecognised-line', pending.n, `script output without packet facts: "${pending.text.trim().slice(0, 80)}"`);
    pending = null;
  }

  for (const line of unquotedLines(readLines(source))) {
    // `^C` is the terminal's echo of Ctrl-C, glued to the next output line.
    const text = line.text.startsWith('^C') ? line.text.slice(2) : line.text;
    if (text.trim().length === 0) {
      if (block) yield closeBlock(block);
      block = null;
      yield* flushPending();
      continue;
    }
    if (text.length > LONGEST_LINE) {
      warnings.warn('line-too-long', line.n, `line of ${text.length} characters skipped`);
      continue;
    }
    const frame = parseStapFrame(text, block !== null);
    if (frame) {
      if (block && frame.address !== null && frame.address === block.frames[0].address) {
        yield closeBlock(block);
        block = null;
      }
      if (!block) {
        block = { owner: pending, frames: [], line: pending ? pending.n : line.n, endLine: line.n };
        pending = null;
      }
      block.frames.push(frame);
      block.endLine = line.n;
      continue;
    }
    if (block) yield closeBlock(block);
    block = null;

    const summary = SUMMARY.exec(text);
    if (summary) {
      yield* flushPending();
      yield withIntervalStack(summaryEvent(summary, line.n, time), interval.size > 0 ? interval : recent);
      continue;
    }
    const header = HEADER.exec(text);
    const headerTime = header ? ctimeSeconds(header[1]) : null;
    if (headerTime !== null) {
      yield* flushPending();
      // dropwatch.stp prints ctime(gettimeofday_s()), which stap formats in UTC.
      time = { clock: 'wall', value: headerTime };
      interval = recent;
      recent = new Map();
      continue;
    }
    const pass = PASS.exec(text);
    if (pass) {
      ctx.meta(`pass${pass[1]}`, pass[2]);
      continue;
    }
    if (BANNER.test(text.trim())) {
      yield* flushPending();
      if (banners.length < 20 && !banners.includes(text.trim())) banners.push(text.trim());
      ctx.meta('banners', banners.join(' | '));
      continue;
    }
    if (TOOL_MESSAGE.test(text.trim())) {
      yield* flushPending();
      warnings.warn('tool-message', line.n, `stap said: ${text.trim().slice(0, 120)}`);
      continue;
    }
    if (chatter.test(text)) {
      yield* flushPending();
      continue;
    }
    yield* flushPending();
    pending = { n: line.n, text };
  }
  if (block) yield closeBlock(block);
  yield* flushPending();
  warnings.finish();
}

function probeStap(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  for (const line of lines) {
    if (parseStapFrame(line) || SUMMARY.test(line) || PASS.test(line) || BANNER.test(line.trim())) hits++;
  }
  return scoreHits(hits, lines);
}

/** SystemTap output: dropwatch.stp summaries, print_backtrace() blocks and the printf lines around them. */
export const stapFormat: ArtifactFormat<KernelEvent> = {
  id: 'stap',
  label: 'SystemTap output (dropwatch.stp, backtraces)',
  kind: 'text',
  probe: probeStap,
  parse: parseStap,
};
