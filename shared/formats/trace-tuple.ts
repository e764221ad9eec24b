import type { Tuple } from '../model/kernel-event';

// Addresses and ports as kernel tracers print them: `10.0.2.8`, `10.0.2.8:443`, `fe80::1`, `[fe80::1]:443`,
// `a -> b`, `a->b(tcp)`. Ports after a bare IPv6 address are ambiguous (`fe80::1:80`); the last group is taken
// as the port only when the caller says the tool always prints one.

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%\w+)?$/i;
const IP_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp', 47: 'gre', 50: 'esp' };

/** An address and an optional port. */
export interface Endpoint {
  address: string;
  port: number | null;
}

/** True for a dotted quad or an IPv6 address (no port). Eight groups or a `::`, so a MAC address is not one. */
export function isIpAddress(text: string): boolean {
  if (IPV4.test(text)) return true;
  if (!text.includes(':') || !IPV6.test(text)) return false;
  return text.includes('::') || text.split(':').length === 8;
}

/** 'tcp' / 'udp' / 'icmp' / 'icmpv6' … for an IP protocol number, or the number as text. */
export function ipProtocolName(protocol: number): string {
  return IP_NAMES[protocol] ?? String(protocol);
}

/** Normalises a printed protocol name (`TCP`, `ICMPv6`, `6`) to the Tuple vocabulary. */
export function protocolText(text: string): string {
  const lower = text.toLowerCase();
  if (/^\d+$/.test(lower)) return ipProtocolName(Number(lower));
  return lower;
}

/** Reads `addr`, `addr:port`, `[v6]:port`; with `portAlways`, `fe80::1:443` splits at the last colon. */
export function parseEndpoint(text: string, portAlways = false): Endpoint | null {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed) return isIpAddress(bracketed[1]) ? { address: bracketed[1], port: bracketed[2] ? Number(bracketed[2]) : null } : null;
  if (IPV4.test(text)) return { address: text, port: null };
  const colon = text.lastIndexOf(':');
  if (colon > 0 && /^\d{1,5}$/.test(text.slice(colon + 1))) {
    const address = text.slice(0, colon);
    if (IPV4.test(address) || (portAlways && isIpAddress(address))) return { address, port: Number(text.slice(colon + 1)) };
  }
  return isIpAddress(text) ? { address: text, port: null } : null;
}

/** The whitespace-free words right before and right after the first `->` of `text` (spaces around it allowed). */
function arrowSides(text: string): [string, string] | null {
  const at = text.indexOf('->');
  if (at < 0) return null;
  let leftEnd = at;
  while (leftEnd > 0 && text[leftEnd - 1] === ' ') leftEnd--;
  let leftStart = leftEnd;
  while (leftStart > 0 && !/\s/.test(text[leftStart - 1])) leftStart--;
  let rightStart = at + 2;
  while (rightStart < text.length && text[rightStart] === ' ') rightStart++;
  let rightEnd = rightStart;
  while (rightEnd < text.length && !/\s/.test(text[rightEnd])) rightEnd++;
  return [text.slice(leftStart, leftEnd), text.slice(rightStart, rightEnd)];
}

/**
 * Finds the first `src -> dst` pair in `text` (`A -> B`, `A->B`); B may carry pwru's `(proto)` / `(proto:FLAGS)`
 * suffix and trailing punctuation. Null when either side is not an IP endpoint.
 */
export function arrowTuple(text: string, portAlways = false): Tuple | null {
  const sides = arrowSides(text);
  if (!sides) return null;
  const left = sides[0].slice(sides[0].lastIndexOf('=') + 1);
  const right = /^([^(]*?)(?:\((\w+)(?::[\w|]*)?\))?[,;]?$/.exec(sides[1]);
  if (!right) return null;
  const src = parseEndpoint(left, portAlways);
  const dst = parseEndpoint(right[1], portAlways);
  if (!src || !dst) return null;
  return { proto: right[2] ? protocolText(right[2]) : null, src: src.address, dst: dst.address, sport: src.port, dport: dst.port };
}
