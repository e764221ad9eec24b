import type { ArtifactSource, ParseContext } from './format';
import type { Frame, KernelEvent } from '../model/kernel-event';
import { cleanLine } from '../text/clean-text';
import { detached, StringInterner } from '../text/detach-string';
import { textPieces } from '../text/text-pieces';
import { parsePerfFrame } from './frame-text';
import { skbAddress } from './kernel-event-record';
import { LineWarnings } from './line-warnings';
import { ChatterFilter } from './paste-chatter';
import { CallchainBlocks, matchBlock, rememberBlock, type CallchainBlock } from './perf-callchain-blocks';
import { BAIL, scanSampleHeader, type SampleHeader } from './perf-sample-header';
import { SkbAddressTable } from './skb-address-table';
import { detachedFrame, SampleTemplates, type SampleTemplate } from './perf-sample-templates';
import {
  completeEvent, isWrappedTail, locatedInStack, LOST, LOST_CHUNKS, MAX_SHARED_FRAMES, mayBeTail, mayContinue, PERF_CHATTER,
  readHeaderLine, SAMPLE, sampleEvent, sampleTail, type PerfState,
} from './perf-script-grammar';
import { LONGEST_LINE, unquoteLine } from './unquote-paste';

// Reads `perf script` text line by line in two ways that give the same records:
//
// - the general path: every physical line is cleaned (CR, ANSI), unquoted (`> `), joined with its hard-wrapped
//   tails, then read by the grammar's regexes (perf-script-grammar.ts). It takes any paste.
// - the fast path, for the lines of a long trace: a callchain line read before is one map lookup (or, for a whole
//   callchain seen before, one comparison: perf-callchain-blocks.ts); a sample line is its header read by hand
//   (perf-sample-header.ts) plus a template of the rest (perf-sample-templates.ts). It only takes a line when it
//   can prove the general path would read it the same way — the line is complete (no next line can be its wrapped
//   tail, it is none of the line before), and its text is one the general path already read — else the line goes to
//   the general path. test/formats/perf-script-fast-path.test.ts holds both paths to the same records.

/** A callchain line's frame, and whether the fast path may take the line (undefined: not asked yet). */
interface FrameLine {
  frame: Frame;
  fast: boolean | undefined;
}

/** A logical line waiting for the next physical line, which may be its wrapped tail. */
interface PendingLine {
  n: number;
  endN: number;
  text: string;
}

/** The stack of a fast-path event without callchain: shared, copied before a frame is added. */
const NO_FRAMES: Frame[] = [];
/** Comms compared in place before the interner. */
const RECENT_COMMS = 4;
/** Locations completed per callchain block (a block is under a few drop sites). */
const LOCATED_PER_BLOCK = 64;

/** The events of a `perf script` text. `fast` false reads every line on the general path (tests compare both). */
export function* perfScriptEvents(source: ArtifactSource, ctx: ParseContext, fast = true): Generator<KernelEvent> {
  const reader = new PerfScriptReader(ctx, fast);
  for (const text of textPieces(source)) {
    reader.feed(text);
    if (reader.out.length > 0) {
      const done = reader.out;
      reader.out = [];
      yield* done;
    }
  }
  reader.end();
  yield* reader.out;
}

/** The reading state of one `perf script` artifact; fed decoded text piece by piece. */
export class PerfScriptReader {
  /** Completed events not yet taken by the caller. */
  out: KernelEvent[] = [];
  private readonly warnings: LineWarnings;
  private readonly chatter = new ChatterFilter();
  private readonly state: PerfState = { clock: 'boot', lostEvents: 0, openCalls: new Map() };
  /** One Frame per distinct callchain line, shared by the events (frames are immutable). */
  private readonly frames = new Map<string, FrameLine>();
  /** Lines that looked like callchain lines to the fast path but are not ones it may take. */
  private readonly notFrames = new Set<string>();
  private readonly templates = new SampleTemplates();
  private readonly blocks = new CallchainBlocks();
  private readonly header: SampleHeader = { commStart: 0, commEnd: 0, pid: 0, cpu: null, time: 0, nameStart: 0 };
  private readonly comms = new StringInterner(100_000);
  /** The last few comms, compared in place before the interner is asked (a trace cycles through a few tasks). */
  private readonly recentComms: string[] = [];
  private readonly skbs = new StringInterner(1_000_000);
  private readonly addresses = new SkbAddressTable();
  private readonly words = new StringInterner(1_000_000);
  /** Physical lines read. */
  private n = 0;
  /** The start of a line cut at the end of the last piece. */
  private parts: string[] = [];
  private pending: PendingLine | null = null;
  private current: KernelEvent | null = null;
  /** `current.stack` is not the event's own array (a block's, or NO_FRAMES): copy it before adding a frame. */
  private shared = false;
  /** The block `current.stack` is, if any. */
  private currentBlock: CallchainBlock | null = null;
  /** The template the fast path read `current` with, if any. */
  private currentTemplate: SampleTemplate | null = null;
  private lastBlock: CallchainBlock | null = null;
  /** Callchain lines taken by the fast path right after a fast sample line: [runStart, runEnd) of the piece. */
  private runStart = -1;
  private runEnd = -1;
  private runLines = 0;

  constructor(
    private readonly ctx: ParseContext,
    private readonly fast: boolean,
  ) {
    this.warnings = new LineWarnings(ctx, 'perf-script');
  }

  /** Reads the complete lines of `text` (continuing a line cut at the end of the previous piece). */
  feed(text: string): void {
    let start = 0;
    if (this.parts.length > 0) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.parts.push(text);
        return;
      }
      const line = this.parts.join('') + text.slice(0, nl);
      this.parts = [];
      this.physical(cleanLine(line));
      start = nl + 1;
    }
    const last = text.lastIndexOf('\n');
    if (last >= start) {
      if (this.fast) {
        this.fastLines(text, start, last);
      } else {
        for (let nl = text.indexOf('\n', start); nl !== -1 && nl <= last; nl = text.indexOf('\n', start)) {
          this.physical(cleanLine(text.slice(start, nl)));
          start = nl + 1;
        }
      }
      start = last + 1;
    }
    if (start < text.length) this.parts.push(text.slice(start));
  }

  /** The last line (without its newline), the pending line, the event under way, the warning summaries. */
  end(): void {
    const rest = this.parts.join('');
    this.parts = [];
    if (rest.length > 0) this.physical(cleanLine(rest));
    this.flushPending();
    if (this.current !== null) this.complete(this.current);
    this.setCurrent(null);
    this.warnings.finish();
  }

  // ---- the general path ----

  /** One cleaned physical line: unquoted, joined to the pending line when it is its wrapped tail. */
  private physical(text: string): void {
    const n = ++this.n;
    const line = unquoteLine(text);
    const p = this.pending;
    if (p !== null && p.text.length + line.length < LONGEST_LINE && line.trim().length > 0 && isWrappedTail(p.text, line)) {
      p.text = `${p.text.trimEnd()} ${line.trim()}`;
      p.endN = n;
      return;
    }
    if (p !== null) this.logical(p.text, p.n, p.endN);
    this.pending = { n, endN: n, text: line };
  }

  private flushPending(): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    this.logical(p.text, p.n, p.endN);
  }

  /** One logical line (lines `n`…`endN`) read by the grammar. */
  private logical(text: string, n: number, endN: number): void {
    if (text.trim().length === 0) {
      if (this.current !== null) this.complete(this.current);
      this.setCurrent(null);
      this.chatter.reset();
      return;
    }
    if (text.length > LONGEST_LINE) {
      if (this.current !== null) this.complete(this.current);
      this.setCurrent(null);
      this.warnings.warn('line-too-long', n, `line of ${text.length} characters skipped: no perf line is that long`);
      return;
    }
    // Every sample line has `SECS:`; callchain frames have no colon (a cheap test before the costly regex).
    const sample = text.includes(':') ? SAMPLE.exec(text) : null;
    if (sample && !text.trimStart().startsWith('#')) {
      if (this.current !== null) this.complete(this.current);
      this.setCurrent(this.detachedEvent(sampleEvent(sample, n, endN, this.state)));
      this.chatter.reset();
      return;
    }
    // A long trace repeats the same callchain lines: one Frame per distinct line, shared (frames are never mutated).
    const known = this.frames.get(text);
    let frame = known?.frame ?? null;
    if (!frame && /^\s/.test(text)) {
      const parsed = parsePerfFrame(text);
      if (parsed) {
        frame = detachedFrame(parsed);
        if (this.frames.size < MAX_SHARED_FRAMES) this.frames.set(detached(text), { frame, fast: undefined });
      }
    }
    if (frame) {
      if (this.current !== null) this.addFrame(this.current, frame, endN);
      else this.warnings.warn('orphan-frame', n, 'callchain frame without a sample line before it');
      return;
    }
    if (this.current !== null) {
      this.complete(this.current);
      this.setCurrent(null);
    }
    const lost = LOST.exec(text);
    if (lost) {
      const count = Number(lost[1] ?? lost[2] ?? lost[3]);
      this.state.lostEvents += count;
      this.ctx.meta('lostEvents', String(this.state.lostEvents));
      this.warnings.warn('lost-events', n, `perf lost ${count} events here: the trace is incomplete`);
      return;
    }
    const chunks = LOST_CHUNKS.exec(text);
    if (chunks) {
      this.ctx.meta('lostChunks', chunks[2]);
      this.warnings.warn('lost-events', n, `perf lost ${chunks[2]} chunks of events: the trace is incomplete`);
      return;
    }
    if (text.trimStart().startsWith('#')) {
      readHeaderLine(text, this.ctx, this.state);
      return;
    }
    if (PERF_CHATTER.test(text) || this.chatter.test(text)) return;
    this.warnings.unreadable(n, text);
  }

  private setCurrent(event: KernelEvent | null): void {
    this.current = event;
    this.shared = false;
    this.currentBlock = null;
    this.currentTemplate = null;
  }

  private addFrame(event: KernelEvent, frame: Frame, endN: number): void {
    if (this.shared) {
      event.stack = event.stack.slice();
      this.shared = false;
      this.currentBlock = null;
    }
    event.stack.push(frame);
    event.endLine = endN;
  }

  /** Emits the event under way, completed (completeEvent; memoised per callchain block and template location). */
  private complete(event: KernelEvent): void {
    const block = this.currentBlock;
    const location = event.location;
    if (
      block !== null && location !== null && event.stack === block.stack && event.caller === null &&
      (event.type === 'kfree_skb' || event.type === 'consume_skb' || event.type === 'tracepoint')
    ) {
      let done = block.located.get(location);
      if (done === undefined) {
        done = locatedInStack(location, block.stack);
        if (block.located.size < LOCATED_PER_BLOCK) block.located.set(location, done);
      }
      event.location = done;
      this.out.push(event);
      return;
    }
    this.out.push(completeEvent(event, this.state));
  }

  /** The event with copies of its strings, so that it does not keep the decoded piece it was read from alive. */
  private detachedEvent(event: KernelEvent): KernelEvent {
    if (event.comm !== null) event.comm = this.comms.intern(event.comm);
    event.name = this.words.intern(event.name);
    if (event.skb !== null) event.skb = this.skbs.intern(event.skb);
    if (event.reason !== null) event.reason = this.words.intern(event.reason);
    if (event.location !== null) event.location = this.internedFrame(event.location);
    if (event.caller !== null) event.caller = this.internedFrame(event.caller);
    const args: Record<string, string> = {};
    for (const key of Object.keys(event.args)) args[this.words.intern(key)] = this.words.intern(event.args[key]);
    event.args = args;
    return event;
  }

  /** A copy of `frame` whose strings are the interned ones (a drop site's symbol and module repeat). */
  private internedFrame(frame: Frame): Frame {
    const { address, symbol, offset, module } = frame;
    const w = this.words;
    return { address: address && w.intern(address), symbol: symbol && w.intern(symbol), offset, module: module && w.intern(module) };
  }

  // ---- the fast path ----

  /** The lines of `text[start, last]` (`last` is a newline). */
  private fastLines(text: string, start: number, last: number): void {
    let s = start;
    while (s <= last) s = this.fastLine(text, s, text.indexOf('\n', s), last);
    this.endRun(text);
  }

  /** The line `text[s, nl)`; returns where the next unread line starts. */
  private fastLine(text: string, s: number, nl: number, last: number): number {
    if (nl === s) {
      // A blank line ends the event; it is nobody's tail and has none.
      this.endRun(text, true);
      this.flushPending();
      this.n++;
      if (this.current !== null) this.complete(this.current);
      this.setCurrent(null);
      this.chatter.reset();
      return nl + 1;
    }
    const c = text.charCodeAt(s);
    if ((c === 0x09 || c === 0x20) && looksLikeFrame(text, s, nl)) {
      const line = this.frameLine(text.slice(s, nl));
      if (line !== null) {
        this.flushPending();
        const n = ++this.n;
        if (this.current !== null) {
          this.addFrame(this.current, line.frame, n);
          if (this.runStart >= 0) {
            this.runEnd = nl + 1;
            this.runLines++;
          }
        } else {
          this.endRun(text);
          this.warnings.warn('orphan-frame', n, 'callchain frame without a sample line before it');
        }
        return nl + 1;
      }
    }
    if (c !== 0x23) {
      const next = this.fastSample(text, s, nl, last);
      if (next >= 0) return next;
    }
    this.endRun(text);
    this.physical(cleanLine(text.slice(s, nl)));
    return nl + 1;
  }

  /** The callchain line `line` when the fast path may take it (complete, nobody's tail, a frame), else null. */
  private frameLine(line: string): FrameLine | null {
    const known = this.frames.get(line);
    if (known !== undefined) {
      known.fast ??= isCompleteFrameLine(line);
      return known.fast ? known : null;
    }
    if (this.notFrames.has(line)) return null;
    const parsed = isLineOfItsOwn(line) && /^\s/.test(line) ? parsePerfFrame(line) : null;
    if (parsed === null) {
      if (this.notFrames.size < MAX_SHARED_FRAMES) this.notFrames.add(detached(line));
      return null;
    }
    const entry: FrameLine = { frame: detachedFrame(parsed), fast: isCompleteFrameLine(line) };
    if (this.frames.size < MAX_SHARED_FRAMES) this.frames.set(detached(line), entry);
    return entry.fast ? entry : null;
  }

  /**
   * A sample line `text[s, nl)` read by its header and template; returns where the next unread line starts, or -1
   * when the general path must read it. A line of a new shape is read by the general path here and becomes a template.
   */
  private fastSample(text: string, s: number, nl: number, last: number): number {
    if (nl - s > LONGEST_LINE || nl >= last) return -1;
    const h = this.header;
    const nameStart = scanSampleHeader(text, s, nl, h);
    if (nameStart === BAIL) return -1;
    // Complete: the next line is no wrapped tail of it, and it is none of the pending line.
    if (mayBeTail(text, nl + 1, text.indexOf('\n', nl + 1))) return -1;
    if (this.pending !== null && mayBeTail(text, s, nl)) return -1;
    const template = this.templates.find(text, nameStart, nl);
    if (template === null) return this.firstOfShape(text, s, nl, nameStart);
    this.endRun(text, true);
    this.flushPending();
    const n = ++this.n;
    if (this.current !== null) this.complete(this.current);
    let args = template.args;
    let skb = template.skb;
    if (template.hole) {
      const hole = this.templates.hole;
      const slot = hole.digits <= 16 ? this.addresses.find(text, hole.start, hole.end, hole.digits, hole.hi, hole.lo, skbOf) : -1;
      if (slot >= 0) {
        skb = this.addresses.skb(slot);
        const known = this.addresses.argsFor(slot, template) as Record<string, string> | null;
        if (known !== null) {
          args = known;
        } else {
          args = { ...template.args };
          args.skbaddr = this.addresses.text(slot);
          this.addresses.keepArgs(slot, template, args);
        }
      } else {
        const value = this.skbs.intern(text.slice(hole.start, hole.end));
        skb = skbOf(value);
        args = { ...template.args };
        args.skbaddr = value;
      }
    }
    // The key order of kernelEvent() (perf-script-grammar sampleEvent), so both paths' records print alike.
    const event: KernelEvent = {
      kind: 'kernel-event', endLine: n, time: { clock: this.state.clock, value: h.time },
      comm: this.commOf(text, h.commStart, h.commEnd), pid: h.pid, cpu: h.cpu, skb, protocol: template.protocol,
      location: template.location, reason: template.reason, reasonCode: template.reasonCode, caller: null, retval: null,
      args, stack: NO_FRAMES, tuple: null, count: null, line: n, type: template.type, name: template.name,
    };
    this.current = event;
    this.shared = true;
    this.currentBlock = null;
    this.currentTemplate = template;
    this.chatter.reset();
    // The callchain under it: a block read before, compared whole.
    const below = nl + 1;
    const first = text.charCodeAt(below);
    if (first === 0x09 || first === 0x20) {
      let block = matchBlock(template.blocks, text, below, last);
      if (block === null && this.lastBlock !== null && !template.blocks.includes(this.lastBlock)) {
        block = matchBlock([this.lastBlock], text, below, last);
      }
      if (block !== null) {
        rememberBlock(template.blocks, block);
        this.lastBlock = block;
        event.stack = block.stack;
        this.currentBlock = block;
        this.n += block.lines;
        event.endLine = this.n;
        this.runStart = below;
        this.runEnd = below + block.text.length;
        this.runLines = block.lines;
        return this.runEnd;
      }
    }
    this.runStart = below;
    this.runEnd = below;
    this.runLines = 0;
    return below;
  }

  /** The comm `text[start, end)` as one shared string. */
  private commOf(text: string, start: number, end: number): string {
    const length = end - start;
    for (const comm of this.recentComms) if (comm.length === length && text.startsWith(comm, start)) return comm;
    const comm = this.comms.intern(text.slice(start, end));
    this.recentComms.unshift(comm);
    if (this.recentComms.length > RECENT_COMMS) this.recentComms.pop();
    return comm;
  }

  /** A complete sample line without a template: the general path reads it, then its tail becomes one. */
  private firstOfShape(text: string, s: number, nl: number, nameStart: number): number {
    const line = text.slice(s, nl);
    // cleanLine would change it: let the general path have it whole.
    if (line.includes('\r') || line.includes('\x1b')) return -1;
    this.endRun(text, true);
    this.flushPending();
    const n = ++this.n;
    this.logical(line, n, n);
    const event = this.current;
    if (event === null || event.line !== n || !this.agreesWithRegex(text, s, nl, nameStart, event)) return nl + 1;
    const template = this.templates.add(line.slice(nameStart - s), event);
    if (template === null) return nl + 1;
    this.currentTemplate = template;
    this.runStart = nl + 1;
    this.runEnd = nl + 1;
    this.runLines = 0;
    return nl + 1;
  }

  /** The hand-read header and the template's tail give what SAMPLE gives (a safety net, run once per template). */
  private agreesWithRegex(text: string, s: number, nl: number, nameStart: number, event: KernelEvent): boolean {
    const m = SAMPLE.exec(text.slice(s, nl));
    const tail = sampleTail(text.slice(nameStart, nl));
    const h = this.header;
    return (
      m !== null && tail !== null && m[7] === tail.name && m[8] === tail.payload && event.name === tail.name &&
      m[1] === text.slice(h.commStart, h.commEnd) && event.pid === h.pid && event.cpu === h.cpu && event.time?.value === h.time
    );
  }

  /**
   * Ends the run of callchain lines under the current sample line. When `complete` (the next line, in this piece, is
   * a blank or a sample line) the run is a whole callchain and becomes a block.
   */
  private endRun(text: string, complete = false): void {
    if (this.runStart < 0) return;
    const start = this.runStart;
    this.runStart = -1;
    const event = this.current;
    if (!complete || this.runLines === 0 || event === null) return;
    // Exactly a block that matched: nothing new.
    if (this.currentBlock !== null && event.stack === this.currentBlock.stack) return;
    const block = this.blocks.add(text.slice(start, this.runEnd), this.runLines, event.stack);
    if (block === null) return;
    event.stack = block.stack;
    this.shared = true;
    this.currentBlock = block;
    if (this.currentTemplate !== null) rememberBlock(this.currentTemplate.blocks, block);
    this.lastBlock = block;
  }
}

/** Blanks, at least four hex digits, a blank: the start of a perf callchain line (`\tffffffff81e44fd0 sym…`). */
function looksLikeFrame(text: string, s: number, nl: number): boolean {
  let i = s;
  while (i < nl && (text.charCodeAt(i) === 0x09 || text.charCodeAt(i) === 0x20)) i++;
  const digits = i;
  for (; i < nl; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) break;
  }
  if (i - digits < 4 || i >= nl) return false;
  const c = text.charCodeAt(i);
  return c === 0x20 || c === 0x09;
}

/** What the general path reads as a line by itself, as it is (not blank, not too long, nothing cleaned or unquoted). */
function isLineOfItsOwn(line: string): boolean {
  return line.length <= LONGEST_LINE && !line.includes('\r') && !line.includes('\x1b') && unquoteLine(line) === line && line.trim().length > 0;
}

/** A callchain line the fast path may take: the general path reads it alone, as a frame (not a sample line). */
function isCompleteFrameLine(line: string): boolean {
  if (!isLineOfItsOwn(line)) return false;
  if (line.includes(':') && SAMPLE.test(line) && !line.trimStart().startsWith('#')) return false;
  return !mayBeTail(line, 0, line.length) && !mayContinue(line);
}

/** skbAddress of an address printed `0x` + lower-case hex digits: itself when 4–16 digits, not all zero. */
function skbOf(value: string): string | null {
  if (value.length < 6 || value.length > 18) return skbAddress(value);
  for (let i = 2; i < value.length; i++) if (value.charCodeAt(i) !== 0x30) return value;
  return skbAddress(value);
}
