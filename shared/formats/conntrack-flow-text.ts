import type { ConntrackFlow, ConntrackTuple } from '../model/conntrack';

// The text of one tracked connection, as libnetfilter_conntrack's default printer (`conntrack -L/-E`) and the
// kernel's /proc/net/nf_conntrack print it, field by field in this order:
//   [l3name l3num] l4name l4num [timeout] [STATE] src= dst= <sport= dport= | type= code= id= | srckey= dstkey=>
//   [zone-orig=] [packets= bytes=] [UNREPLIED] src= dst= … [zone-reply=] [packets= bytes=] [ASSURED|OFFLOAD|HW_OFFLOAD]
//   [mark=] [secmark=] [secctx=] [zone=] [delta-time=] [[start=ctime]] [[stop=ctime]] [helper=] [use=] [id=] [labels=]
// /proc prints no timeout for an offloaded entry. `id=` is the ICMP id inside a tuple and the conntrack id at the end.
// Ref: libnetfilter_conntrack src/conntrack/snprintf_default.c __snprintf_conntrack_default;
// net/netfilter/nf_conntrack_standalone.c ct_seq_show; /work/shared/spec/formats-notes.md §15.

const TUPLE_KEYS = new Set(['src', 'dst', 'sport', 'dport', 'type', 'code', 'id', 'srckey', 'dstkey', 'vtag', 'packets', 'bytes', 'zone-orig', 'zone-reply']);
const L3_NAMES = new Set(['ipv4', 'ipv6', 'unknown']);
/** Tokens: `[start=Tue Nov 24 19:01:36 2026]` keeps its spaces. */
const TOKEN = /\[[^\]]*\]|\S+/g;

function emptyTuple(): ConntrackTuple {
  return { src: null, dst: null, sport: null, dport: null, icmpType: null, icmpCode: null, icmpId: null, packets: null, bytes: null, extra: {} };
}

function numberOf(text: string): number | null {
  return /^\d{1,20}$/.test(text) ? Number(text) : null;
}

function setTupleKey(tuple: ConntrackTuple, key: string, value: string): void {
  switch (key) {
    case 'src': tuple.src = value; break;
    case 'dst': tuple.dst = value; break;
    case 'sport': tuple.sport = numberOf(value); break;
    case 'dport': tuple.dport = numberOf(value); break;
    case 'type': tuple.icmpType = numberOf(value); break;
    case 'code': tuple.icmpCode = numberOf(value); break;
    case 'id': tuple.icmpId = numberOf(value); break;
    case 'packets': tuple.packets = numberOf(value); break;
    case 'bytes': tuple.bytes = numberOf(value); break;
    default: tuple.extra[key] = value;
  }
}

/** True when a line starts like a conntrack entry: `[ipv4 2] tcp 6 …` with `src=` later. */
export function looksLikeFlow(text: string): boolean {
  return /^(?:(?:ipv4|ipv6|unknown) +\d{1,3} +)?[a-z][a-z0-9]{1,11} +\d{1,3} +(?:.* )?src=\S+ dst=\S+/.test(text);
}

/**
 * Reads the flow text (after any `[NEW]` / stamp / `cat -n` prefix); null when it has no protocol or no original
 * `src=` / `dst=`. `unread` lists words that fit no field.
 */
export function readConntrackFlow(text: string): { flow: ConntrackFlow; unread: string[] } | null {
  const tokens = text.trim().match(TOKEN) ?? [];
  let i = 0;
  let l3: string | null = null;
  if (tokens[0] !== undefined && L3_NAMES.has(tokens[0]) && numberOf(tokens[1] ?? '') !== null) {
    l3 = tokens[0];
    i = 2;
  }
  const l4 = tokens[i];
  const l4num = numberOf(tokens[i + 1] ?? '');
  if (l4 === undefined || !/^[a-z][a-z0-9]*$/.test(l4) || l4num === null) return null;
  i += 2;
  const flow: ConntrackFlow = {
    l3, l4, l4num, timeout: null, state: null, original: emptyTuple(), reply: null, flags: [],
    mark: null, zone: null, secctx: null, use: null, id: null, deltaTime: null, extra: {},
  };
  if (numberOf(tokens[i] ?? '') !== null) flow.timeout = Number(tokens[i++]);
  if (/^[A-Z][A-Z_0-9]*$/.test(tokens[i] ?? '')) flow.state = tokens[i++];
  const icmp = l4 === 'icmp' || l4 === 'icmpv6' || l4num === 1 || l4num === 58;
  let current: ConntrackTuple | null = null;
  let trailer = false;
  const unread: string[] = [];
  for (; i < tokens.length; i++) {
    const token = tokens[i];
    const bracket = /^\[([^\]=]*)(?:=(.*))?\]$/.exec(token);
    if (bracket) {
      if (bracket[2] !== undefined) flow.extra[bracket[1]] = bracket[2];
      else flow.flags.push(bracket[1]);
      // Status words after the reply tuple (ASSURED, OFFLOAD) end the tuples; UNREPLIED sits between them.
      if (bracket[1] !== 'UNREPLIED' && flow.reply !== null) trailer = true;
      continue;
    }
    const pair = /^([a-z][a-z-]*)=(.*)$/.exec(token);
    if (!pair) {
      unread.push(token);
      continue;
    }
    const [, key, value] = pair;
    if (key === 'src' && !trailer) {
      if (flow.original.src === null) current = flow.original;
      else if (flow.reply === null) current = flow.reply = emptyTuple();
      else {
        unread.push(token);
        continue;
      }
    }
    // `id=` is the ICMP id once per ICMP tuple; any other `id=` (a TCP flow's, or a second one) is the conntrack id.
    const tupleKey = TUPLE_KEYS.has(key) && (key !== 'id' || (icmp && current !== null && current.icmpId === null));
    if (!trailer && current !== null && tupleKey) {
      setTupleKey(current, key, value);
      continue;
    }
    trailer = true;
    switch (key) {
      case 'mark': flow.mark = numberOf(value); break;
      case 'zone': flow.zone = numberOf(value); break;
      case 'secctx': flow.secctx = value; break;
      case 'use': flow.use = numberOf(value); break;
      case 'id': flow.id = numberOf(value); break;
      case 'delta-time': flow.deltaTime = numberOf(value); break;
      default: flow.extra[key] = value;
    }
  }
  if (flow.original.src === null || flow.original.dst === null) return null;
  flow.l3 ??= flow.original.src.includes(':') ? 'ipv6' : 'ipv4';
  return { flow, unread };
}
