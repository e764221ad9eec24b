import type { Frame, KernelEvent } from '../model/kernel-event';
import type { CallchainBlock } from './perf-callchain-blocks';
import { detached } from '../text/detach-string';

// A long `perf script` repeats a few sample lines that differ only in the header and the skb address:
//   swapper 0 [001] 5000.000315: skb:kfree_skb: skbaddr=0xffff8881aa138a0 rx_sk=(nil) protocol=2048 location=… reason: …
// From the event name on, such a line is a template with one hole (the `skbaddr=0x…` value): what the regexes make
// of the rest (type, reason, protocol, location, the other arguments) is read once, from the first line of that
// shape, by the general path; later lines fill in the header and the skb. Ref: perf-script-grammar.ts sampleEvent.

/** What every sample line of one shape says (everything but the header and the skb address). */
export interface SampleTemplate {
  /** Text from the event name up to and including `skbaddr=` (or the whole tail when there is no hole). */
  prefix: string;
  /** Text after the skb address to the end of the line; '' when there is no hole. */
  suffix: string;
  /** Whether the line has the skb hole. */
  hole: boolean;
  type: KernelEvent['type'];
  name: string;
  protocol: number | null;
  /** Shared by every event of the template (frames are never mutated). */
  location: Frame | null;
  reason: string | null;
  reasonCode: number | null;
  /** The arguments, `skbaddr` holding the template line's value (replaced per event). */
  args: Record<string, string>;
  /** The event's skb when there is no hole. */
  skb: string | null;
  /** Callchains seen after this template, most recent first (a drop site has few). */
  blocks: CallchainBlock[];
}

/** Templates per file: beyond, new shapes go to the regexes each time. */
const MAX_TEMPLATES = 4096;
/** Most recent templates tried before the map: a trace cycles through a handful. */
const RECENT = 8;
const HOLE_KEY = 'skbaddr=';

/** Where the skb hole of a tail is, and its value (hex digits after `0x`, as hi·2³² + lo): set by `holeOf`. */
export interface Hole {
  start: number;
  end: number;
  digits: number;
  hi: number;
  lo: number;
}

/**
 * The skb hole of the tail `text[start, end)`: the value of the first `skbaddr=` when it is `0x` and lower-case
 * hex digits followed by a blank or the end of the line. Returns false (no hole) otherwise. The same rule decides
 * for the template line and for every line looked up, so a line finds its template by comparing text only.
 */
export function holeOf(text: string, start: number, end: number, out: Hole): boolean {
  const at = text.indexOf(HOLE_KEY, start);
  if (at < 0 || at + HOLE_KEY.length + 3 > end) return false;
  // `skbaddr` as an argument of its own (ARGUMENT would take `xskbaddr` as one name).
  if (at > start) {
    const before = text.charCodeAt(at - 1);
    if (before !== 0x20 && before !== 0x09) return false;
  }
  const value = at + HOLE_KEY.length;
  if (text.charCodeAt(value) !== 0x30 || text.charCodeAt(value + 1) !== 0x78) return false;
  let i = value + 2;
  let hi = 0;
  let lo = 0;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    const d = c <= 0x39 ? c - 0x30 : c - 0x57;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) break;
    hi = (hi << 4) | (lo >>> 28);
    lo = (lo << 4) | d;
  }
  if (i === value + 2) return false;
  out.digits = i - value - 2;
  out.hi = hi;
  out.lo = lo;
  if (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  out.start = value;
  out.end = i;
  return true;
}

/** Sample templates of one file, found by the text of a line's tail. */
export class SampleTemplates {
  private readonly byText = new Map<string, SampleTemplate>();
  private readonly recent: SampleTemplate[] = [];
  /** The hole of the line last looked up (valid when the template found has one). */
  readonly hole: Hole = { start: 0, end: 0, digits: 0, hi: 0, lo: 0 };

  /** The template of the tail `text[start, end)`, or null. */
  find(text: string, start: number, end: number): SampleTemplate | null {
    const hole = holeOf(text, start, end, this.hole);
    const prefixEnd = hole ? this.hole.start : end;
    const suffixStart = hole ? this.hole.end : end;
    const prefixLength = prefixEnd - start;
    const suffixLength = end - suffixStart;
    let prefix: string | null = null;
    let suffix: string | null = null;
    for (let i = 0; i < this.recent.length; i++) {
      const t = this.recent[i];
      if (t.hole !== hole || t.prefix.length !== prefixLength || t.suffix.length !== suffixLength) continue;
      prefix ??= text.slice(start, prefixEnd);
      if (t.prefix !== prefix) continue;
      suffix ??= text.slice(suffixStart, end);
      if (t.suffix !== suffix) continue;
      if (i > 0) {
        this.recent.splice(i, 1);
        this.recent.unshift(t);
      }
      return t;
    }
    if (this.byText.size === 0) return null;
    prefix ??= text.slice(start, prefixEnd);
    suffix ??= text.slice(suffixStart, end);
    const t = this.byText.get(hole ? `${prefix}\u0000${suffix}` : prefix);
    if (t === undefined) return null;
    this.recent.unshift(t);
    if (this.recent.length > RECENT) this.recent.pop();
    return t;
  }

  /**
   * Makes a template of the tail `tail` from the event the general path read from its line (before completeEvent,
   * so `location` is what the payload printed). Events whose reading depends on more than the tail text (probes:
   * their entry / return pairing) are not templated. Returns the template, or null.
   */
  add(tail: string, event: KernelEvent): SampleTemplate | null {
    if (this.byText.size >= MAX_TEMPLATES) return null;
    if (event.type !== 'kfree_skb' && event.type !== 'consume_skb' && event.type !== 'tracepoint') return null;
    if (event.caller !== null || event.retval !== null || event.tuple !== null || event.count !== null) return null;
    if (tail.includes('\r') || tail.includes('\x1b')) return null;
    const hole: Hole = { start: 0, end: 0, digits: 0, hi: 0, lo: 0 };
    const holed = holeOf(tail, 0, tail.length, hole);
    const value = holed ? tail.slice(hole.start, hole.end) : '';
    // The hole must be what the arguments hold for `skbaddr` (not inside a quoted value), and the only one.
    if (holed && (event.args.skbaddr !== value || tail.indexOf(HOLE_KEY, hole.end) >= 0)) return null;
    const prefix = detached(holed ? tail.slice(0, hole.start) : tail);
    const suffix = holed ? detached(tail.slice(hole.end)) : '';
    const key = holed ? `${prefix}\u0000${suffix}` : prefix;
    if (this.byText.has(key)) return this.byText.get(key) ?? null;
    const args: Record<string, string> = {};
    for (const [k, v] of Object.entries(event.args)) args[detached(k)] = detached(v);
    const template: SampleTemplate = {
      prefix,
      suffix,
      hole: holed,
      type: event.type,
      name: detached(event.name),
      protocol: event.protocol,
      location: event.location && detachedFrame(event.location),
      reason: event.reason && detached(event.reason),
      reasonCode: event.reasonCode,
      args,
      skb: event.skb && detached(event.skb),
      blocks: [],
    };
    this.byText.set(key, template);
    this.recent.unshift(template);
    if (this.recent.length > RECENT) this.recent.pop();
    return template;
  }
}

/** A frame whose strings do not keep the text they were read from alive. */
export function detachedFrame(f: Frame): Frame {
  return {
    address: f.address && detached(f.address),
    symbol: f.symbol && detached(f.symbol),
    offset: f.offset,
    module: f.module && detached(f.module),
  };
}
