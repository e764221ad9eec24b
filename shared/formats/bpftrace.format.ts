import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { Frame, KernelEvent, RawTime } from '../model/kernel-event';
import { readLines } from '../text/read-lines';
import { LONGEST_LINE, unquotedLines } from './unquote-paste';
import { ChatterFilter } from './paste-chatter';
import { LineWarnings } from './line-warnings';
import { frameFromSymbolText, parseBpftraceFrame } from './frame-text';
import { kernelEvent, readReason } from './kernel-event-record';
import { hasPacketFacts, leadingTime, printfFacts, type PrintfFacts } from './printf-facts';
import { parseEndpoint, protocolText } from './trace-tuple';
import { probeLines, scoreHits } from './probe-lines';

// bpftrace output: the script's printf lines (key=value or columns under an upper-case header), kstack lines
// after them, and the maps printed at exit. Ref: /work/shared/spec/formats-notes.md §10 (kstack offsets are
// DECIMAL), hidden-hook/bpftrace-kfree_skb.txt, samples/bpftrace/pr1903 (tools/dropwatch.bt `@[kstack]`).

const ATTACHING = /^Attach(?:ing|ed)\s+(\d+)\s+probes?\b/;
const LOST = /^Lost\s+(\d+)\s+events?\b/i;
const BANNER = /^(?:Tracing\b.*|.*Hit Ctrl-C to (?:end|stop)\.?)\s*$/i;
// `@[` or `@name[` opening a multi-line key (a kstack), closed by `]: N` or `, extra]: N`.
const MAP_OPEN = /^@(\w*)\[\s*$/;
const MAP_CLOSE = /^\s*(?:,\s*(.*?))?\]:\s*(-?\d+)\s*$/;
const MAP_LINE = /^@(\w*)(?:\[(.*)\])?:\s*(-?\d+)\s*$/;
const MAP_HEADER = /^@(\w*)(?:\[(.*)\])?:\s*$/;
const HISTOGRAM = /^\s*[[(][^\]]*[\])]\s+\d+\s*\|/;
// A column header: two or more upper-case words (`TIME     SKB   PROTO SADDR  DADDR  REASON LOCATION`).
const COLUMN_HEADER = /^\s*[A-Z][A-Z_/:]*(?:\s+[A-Z][A-Z_/:()]*)+\s*$/;
/** A line that is nothing but an indented frame (kstack, or an event's `printf("%s", kstack)`). */
const INDENTED = /^\s+\S/;

/** Functions that mean a drop when they name the event or the map key's leaf. */
const DROP_WORDS = /kfree_skb|drop/i;

/** A multi-line map key being read (a kstack). */
interface OpenMap {
  name: string;
  line: number;
  frames: Frame[];
}

/** Builds an event from the facts of one printf line. */
function lineEvent(facts: PrintfFacts, n: number): KernelEvent {
  const word = facts.word;
  const drop = (word !== null && DROP_WORDS.test(word)) || facts.reason !== null || facts.reasonCode !== null;
  const type = word === 'consume_skb' ? 'consume_skb' : drop ? 'kfree_skb' : 'tracepoint';
  return kernelEvent({
    line: n,
    type,
    name: word ?? 'bpftrace',
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

/** Reads one row under a column header into the same facts a key=value line gives. */
function columnFacts(columns: string[], text: string): PrintfFacts | null {
  const cells = text.trim().split(/\s+/);
  if (cells.length < columns.length) return null;
  // The last column takes the rest of the line (`STATE (FLAGS)`).
  const values = [...cells.slice(0, columns.length - 1), cells.slice(columns.length - 1).join(' ')];
  const pairs: string[] = [];
  let time: RawTime | null = null;
  for (let i = 0; i < values.length; i++) {
    const column = columns[i].toLowerCase();
    const value = values[i];
    if (column === 'time') {
      time = leadingTime(value);
    } else if (column.includes(':')) {
      // `SADDR:SPORT` columns hold `10.0.0.1:443`.
      const endpoint = parseEndpoint(value, true);
      const [addressKey, portKey] = column.split(':');
      if (endpoint) {
        pairs.push(`${addressKey}=${endpoint.address}`);
        if (endpoint.port !== null) pairs.push(`${portKey}=${endpoint.port}`);
      }
    } else {
      pairs.push(`${column}=${value}`);
    }
  }
  const facts = printfFacts(pairs.join(' '), 10);
  facts.time = time;
  facts.word = null;
  return facts;
}

/** What a one-line map key says: `@drops[nf_hook_slow+0x7d]: 3`, `@reason[12]: 5`, `@[10.0.2.8, 6]: 2`. */
function mapKeyEvent(name: string, key: string, count: number, n: number): KernelEvent | null {
  const event = kernelEvent({ line: n, type: 'drop-summary', name: `@${name}`, count, args: { key } });
  let useful = false;
  for (const part of key.split(/,\s*/)) {
    const value = part.trim().replace(/^"|"$/g, '');
    if (value.length === 0) continue;
    const endpoint = parseEndpoint(value);
    if (endpoint) {
      event.tuple = event.tuple ?? { proto: null, src: null, dst: null, sport: null, dport: null };
      if (event.tuple.src === null) {
        event.tuple.src = endpoint.address;
        event.tuple.sport = endpoint.port;
      } else {
        event.tuple.dst = endpoint.address;
        event.tuple.dport = endpoint.port;
      }
      useful = true;
    } else if (/^-?\d+$/.test(value) && /reason/i.test(name)) {
      event.reasonCode = Number(value);
      useful = true;
    } else if (/^[A-Z][A-Z0-9_]+$/.test(value)) {
      const reason = readReason(value);
      event.reason = reason.reason;
      useful = reason.reason !== null;
    } else if (/^(?:tcp|udp|icmp|icmpv6)$/i.test(value)) {
      if (event.tuple) event.tuple.proto = protocolText(value);
    } else {
      const frame = frameFromSymbolText(value, 10);
      if (frame && (frame.address !== null || frame.offset !== null || DROP_WORDS.test(name))) {
        event.location = frame;
        useful = true;
      }
    }
  }
  return useful ? event : null;
}

/** A kstack map entry: `@[\n    kfree_skb+118\n    …\n]: 25`. The drop's place is the frame below the free call. */
function stackMapEvent(map: OpenMap, extra: string | undefined, count: number, endLine: number): KernelEvent {
  const frames = map.frames;
  let at = 0;
  while (at < frames.length && frames[at].symbol !== null && /^(?:kfree_skb|kfree_skb_reason|sk_skb_reason_drop|__kfree_skb)$/.test(frames[at].symbol ?? '')) at++;
  const event = kernelEvent({
    line: map.line,
    endLine,
    type: 'drop-summary',
    name: `@${map.name}`,
    count,
    stack: frames,
    location: frames[at] ?? frames[0] ?? null,
    args: extra ? { key: extra } : {},
  });
  return event;
}

function* parseBpftrace(source: ArtifactSource, ctx: ParseContext): Generator<KernelEvent> {
  const warnings = new LineWarnings(ctx, 'bpftrace');
  const chatter = new ChatterFilter();
  const banners: string[] = [];
  let lost = 0;
  let pending: KernelEvent | null = null;
  let map: OpenMap | null = null;
  let histogram = false;
  let columns: string[] | null = null;

  for (const line of unquotedLines(readLines(source))) {
    const text = line.text;
    if (text.trim().length === 0) {
      if (pending) yield pending;
      pending = null;
      histogram = false;
      continue;
    }
    if (text.length > LONGEST_LINE) {
      warnings.warn('line-too-long', line.n, `line of ${text.length} characters skipped`);
      continue;
    }
    if (map) {
      const close = MAP_CLOSE.exec(text);
      if (close) {
        yield stackMapEvent(map, close[1], Number(close[2]), line.n);
        map = null;
        continue;
      }
      const frame = parseBpftraceFrame(text);
      if (frame) map.frames.push(frame);
      else warnings.unreadable(line.n, text);
      continue;
    }
    if (pending && INDENTED.test(text)) {
      const frame = parseBpftraceFrame(text);
      if (frame) {
        pending.stack.push(frame);
        pending.endLine = line.n;
        continue;
      }
    }
    if (pending) yield pending;
    pending = null;

    const open = MAP_OPEN.exec(text);
    if (open) {
      map = { name: open[1], line: line.n, frames: [] };
      continue;
    }
    const entry = MAP_LINE.exec(text);
    if (entry) {
      const event = mapKeyEvent(entry[1], entry[2] ?? '', Number(entry[3]), line.n);
      if (event) yield event;
      else warnings.warn('map-not-read', line.n, `map entry without a place, reason or address: "${text.trim().slice(0, 80)}"`);
      continue;
    }
    if (MAP_HEADER.test(text)) {
      histogram = true;
      warnings.warn('histogram-not-read', line.n, `histogram map ${text.trim()} is not read`);
      continue;
    }
    if (histogram && HISTOGRAM.test(text)) continue;
    const attaching = ATTACHING.exec(text.trim());
    if (attaching) {
      ctx.meta('attachedProbes', attaching[1]);
      continue;
    }
    const lostLine = LOST.exec(text.trim());
    if (lostLine) {
      lost += Number(lostLine[1]);
      ctx.meta('lostEvents', String(lost));
      warnings.warn('lost-events', line.n, `bpftrace lost ${lostLine[1]} events here: the trace is incomplete`);
      continue;
    }
    if (COLUMN_HEADER.test(text) && !/[=]/.test(text)) {
      columns = text.trim().split(/\s+/);
      continue;
    }
    const facts = columns ? columnFacts(columns, text) ?? printfFacts(text, 10) : printfFacts(text, 10);
    if (hasPacketFacts(facts)) {
      pending = lineEvent(facts, line.n);
      chatter.reset();
      continue;
    }
    if (BANNER.test(text.trim())) {
      if (banners.length < 20 && !banners.includes(text.trim())) banners.push(text.trim());
      ctx.meta('banners', banners.join(' | '));
      continue;
    }
    if (chatter.test(text)) continue;
    warnings.unreadable(line.n, text);
  }
  if (pending) yield pending;
  if (map) warnings.warn('truncated-map', map.line, 'the file ends inside a map entry: its count is missing');
  warnings.finish();
}

function probeBpftrace(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  let inMap = false;
  for (const line of lines) {
    if (ATTACHING.test(line.trim())) hits += 2;
    else if (MAP_OPEN.test(line)) {
      inMap = true;
      hits++;
    } else if (inMap && MAP_CLOSE.test(line)) {
      inMap = false;
      hits += 2;
    } else if (inMap && /^\s+[A-Za-z_][\w.]*\+\d+\s*$/.test(line)) hits++;
    else if (MAP_LINE.test(line)) hits++;
    else if (/^\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\s+\S+.*\bskb(?:addr)?=0x[0-9a-f]+/.test(line)) hits++;
  }
  return scoreHits(hits, lines);
}

/** bpftrace output: printf lines (key=value or columns) with optional kstacks, and maps printed at exit. */
export const bpftraceFormat: ArtifactFormat<KernelEvent> = {
  id: 'bpftrace',
  label: 'bpftrace output (printf lines, kstack maps)',
  kind: 'text',
  probe: probeBpftrace,
  parse: parseBpftrace,
};
