import type { Frame, RawTime, Tuple } from '../model/kernel-event';
import { arrowTuple, isIpAddress, parseEndpoint, protocolText } from './trace-tuple';
import { ctimeSeconds, dateTimeSeconds, timeOfDaySeconds } from './trace-time';
import { frameFromSymbolText } from './frame-text';
import { readReason, skbAddress } from './kernel-event-record';

/**
 * What a free-form tracer line (a stap or bpftrace `printf`) says about a packet, read from its words:
 * `key=value` and `Key: value` pairs, `a -> b` pairs, a leading time, kernel pointers.
 */
export interface PrintfFacts {
  time: RawTime | null;
  skb: string | null;
  tuple: Tuple | null;
  location: Frame | null;
  reason: string | null;
  reasonCode: number | null;
  /** Ethertype (from `protocol=` ≥ 0x600, or `ethertype=`). */
  protocol: number | null;
  comm: string | null;
  pid: number | null;
  cpu: number | null;
  args: Record<string, string>;
  /** First bare word that is not a value (`kfree_skb` in `19:01:36.065474 kfree_skb skb=…`). */
  word: string | null;
}

const PAIR = /(?<![\w.-])([A-Za-z_][\w.-]*)(=|:\s+)("(?:[^"\\]|\\.)*"|[^\s,;]+)/g;
// A 64-bit kernel pointer (direct map / slab): what an unlabelled `%p` of an skb looks like.
const KERNEL_POINTER = /\b0xffff[0-9a-f]{12}\b/i;
// `[  123.456789]` / `[123.456789]` (seconds since boot), `123.456789` or a nanosecond count `5055895240123`.
const BOOT_SECONDS = /^\[\s*(\d+\.\d+)\]$|^(\d{1,7}\.\d{3,9})$/;
const NANOSECONDS = /^(\d{10,19})$/;

const SKB_KEYS = new Set(['skb', 'skbaddr', 'skb_addr', 'skbaddress']);
const SOURCE_KEYS = new Set(['src', 'saddr', 'sip', 'source', 'from']);
const DESTINATION_KEYS = new Set(['dst', 'daddr', 'dip', 'dest', 'destination', 'to']);
const LOCATION_KEYS = new Set(['location', 'loc', 'func', 'function', 'sym', 'symbol', 'caller', 'ip', 'pc']);

function emptyFacts(): PrintfFacts {
  return { time: null, skb: null, tuple: null, location: null, reason: null, reasonCode: null, protocol: null, comm: null, pid: null, cpu: null, args: {}, word: null };
}

function tupleOf(facts: PrintfFacts): Tuple {
  if (!facts.tuple) facts.tuple = { proto: null, src: null, dst: null, sport: null, dport: null };
  return facts.tuple;
}

/** Reads a leading time token: `HH:MM:SS[.f]` → time of day, `[s.us]` / `s.us` / nanoseconds → since boot. */
export function leadingTime(token: string): RawTime | null {
  const tod = timeOfDaySeconds(token);
  if (tod !== null) return { clock: 'time-of-day', value: tod };
  const boot = BOOT_SECONDS.exec(token);
  if (boot) return { clock: 'boot', value: Number(boot[1] ?? boot[2]) };
  const ns = NANOSECONDS.exec(token);
  if (ns) {
    const value = Number(ns[1]) / 1e9;
    // A 10-digit count of seconds-since-epoch size is a Unix time, not nanoseconds since boot.
    return ns[1].length === 10 ? { clock: 'wall', value: Number(ns[1]) } : { clock: 'boot', value };
  }
  return null;
}

/** Applies one `key=value` / `Key: value` pair. `radix` is the offset base of symbol locations (bpftrace: 10). */
function applyPair(facts: PrintfFacts, rawKey: string, value: string, radix: 10 | 16): void {
  const key = rawKey.toLowerCase();
  facts.args[rawKey] = value;
  if (SKB_KEYS.has(key)) {
    facts.skb = skbAddress(value) ?? facts.skb;
  } else if (key === 'reason' || key === 'drop_reason' || key === 'dropreason') {
    const reason = readReason(value);
    facts.reason = reason.reason ?? facts.reason;
    facts.reasonCode = reason.reasonCode ?? facts.reasonCode;
  } else if (LOCATION_KEYS.has(key)) {
    facts.location = frameFromSymbolText(value, radix) ?? facts.location;
  } else if (SOURCE_KEYS.has(key) || DESTINATION_KEYS.has(key)) {
    const endpoint = parseEndpoint(value);
    if (!endpoint) return;
    const tuple = tupleOf(facts);
    if (SOURCE_KEYS.has(key)) {
      tuple.src = endpoint.address;
      tuple.sport = endpoint.port ?? tuple.sport;
    } else {
      tuple.dst = endpoint.address;
      tuple.dport = endpoint.port ?? tuple.dport;
    }
  } else if (key === 'sport' || key === 'dport') {
    if (/^\d{1,5}$/.test(value)) tupleOf(facts)[key] = Number(value);
  } else if (key === 'proto' || key === 'protocol' || key === 'l4proto' || key === 'ethertype') {
    const number = /^0x[0-9a-f]+$/i.test(value) ? parseInt(value.slice(2), 16) : /^\d+$/.test(value) ? Number(value) : null;
    // Below 0x600 a protocol number is an IP protocol; from 0x600 on it is an ethertype (2048 IPv4, 34525 IPv6).
    if (number !== null && (number >= 0x600 || key === 'ethertype')) facts.protocol = number;
    else tupleOf(facts).proto = protocolText(value);
  } else if (key === 'comm') {
    facts.comm = value.replace(/^"|"$/g, '');
  } else if (key === 'pid' || key === 'tid') {
    if (/^\d+$/.test(value)) facts.pid = Number(value);
  } else if (key === 'cpu') {
    if (/^\d+$/.test(value)) facts.cpu = Number(value);
  }
}

/** Reads the facts of one free-form line. */
export function printfFacts(text: string, radix: 10 | 16 = 16): PrintfFacts {
  const facts = emptyFacts();
  const trimmed = text.trim();
  // `[  123.456789]` keeps its padding inside the brackets: take the bracket as the first token.
  const bracket = /^\[\s*\d+\.\d+\]/.exec(trimmed);
  const firstSpace = trimmed.search(/\s/);
  const first = bracket ? bracket[0] : firstSpace < 0 ? trimmed : trimmed.slice(0, firstSpace);
  let rest = trimmed;
  facts.time = leadingTime(first);
  if (facts.time) {
    rest = trimmed.slice(first.length);
  } else {
    const wall = ctimeSeconds(trimmed) ?? dateTimeSeconds(trimmed);
    if (wall !== null) facts.time = { clock: 'wall', value: wall };
  }
  for (const m of rest.matchAll(PAIR)) applyPair(facts, m[1], m[3], radix);
  const arrow = arrowTuple(rest);
  if (arrow) {
    const tuple = tupleOf(facts);
    tuple.src = arrow.src;
    tuple.dst = arrow.dst;
    tuple.sport = arrow.sport ?? tuple.sport;
    tuple.dport = arrow.dport ?? tuple.dport;
    tuple.proto = arrow.proto ?? tuple.proto;
  }
  if (facts.skb === null) {
    const pointer = KERNEL_POINTER.exec(rest);
    if (pointer) facts.skb = skbAddress(pointer[0]);
  }
  for (const word of rest.split(/\s+/)) {
    if (/^[A-Za-z_][\w.]*$/.test(word) && !isIpAddress(word)) {
      facts.word = word;
      break;
    }
    if (word.includes('=') || word.includes(':')) break;
  }
  return facts;
}

/** True when the facts carry something an engine can join on (an skb, an address pair, a drop reason or place). */
export function hasPacketFacts(facts: PrintfFacts): boolean {
  return facts.skb !== null || (facts.tuple !== null && (facts.tuple.src !== null || facts.tuple.dst !== null))
    || facts.reason !== null || facts.reasonCode !== null || facts.location !== null;
}
