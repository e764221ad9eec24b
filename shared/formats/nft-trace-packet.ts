import type { TracedPacket } from '../model/rule-trace';
import { ipProtocolName } from './trace-tuple';

// The `packet:` part of an `nft monitor trace` line: the headers of the packet decoded by nft's payload printer,
// one `<proto> <field> [==] <value>` after another (iif/oif first, no field word), in header order:
//   iif "eth0" ether saddr 76:ef:… ether daddr … ip saddr 10.9.0.8 ip daddr 10.9.0.3 ip dscp cs0 ip ecn not-ect
//   ip ttl 64 ip id 51783 ip protocol tcp ip length 60 tcp sport 43979 tcp dport 20202 tcp flags == syn
//   tcp window 64240 · icmp type echo-request icmp code net-unreachable icmp id 10331 icmp sequence 1
//   @th,64,96 0xf120… (bytes no field covers; decimal in nft ≤0.9) · ip6 saddr … ip6 nexthdr … ip6 hoplimit …
// Older nft omits `ip protocol`; pasted copies elide with `..`. Values are nft symbols: ICMP types and codes by name
// (`net-unreachable` is code 0 of every type, as nft prints it), TCP flags as a name, `a | b`, or hex (`0x12`).
// Ref: nftables src/netlink.c trace_print_packet, src/proto.c (icmp_type_tbl, icmp6_type_tbl, tcp_flag_type),
// src/datatype.c (icmp_code_tbl, icmpv6_code_tbl); /work/shared/spec/formats-notes.md §13.

const PROTOCOLS = new Set([
  'ether', 'vlan', 'arp', 'ip', 'ip6', 'icmp', 'icmpv6', 'igmp', 'tcp', 'udp', 'udplite', 'sctp', 'dccp', 'ah', 'esp', 'comp',
  'th', 'gre', 'meta', 'ct', 'hbh', 'frag', 'rt', 'dst', 'mh', 'srh', 'vxlan', 'geneve',
]);
const ICMP_TYPES: Record<string, number> = {
  'echo-reply': 0, 'destination-unreachable': 3, 'source-quench': 4, redirect: 5, 'echo-request': 8, 'router-advertisement': 9,
  'router-solicitation': 10, 'time-exceeded': 11, 'parameter-problem': 12, 'timestamp-request': 13, 'timestamp-reply': 14,
  'info-request': 15, 'info-reply': 16, 'address-mask-request': 17, 'address-mask-reply': 18,
};
const ICMPV6_TYPES: Record<string, number> = {
  'destination-unreachable': 1, 'packet-too-big': 2, 'time-exceeded': 3, 'parameter-problem': 4, 'echo-request': 128, 'echo-reply': 129,
  'mld-listener-query': 130, 'mld-listener-report': 131, 'mld-listener-done': 132, 'mld-listener-reduction': 132, 'nd-router-solicit': 133,
  'nd-router-advert': 134, 'nd-neighbor-solicit': 135, 'nd-neighbor-advert': 136, 'nd-redirect': 137, 'router-renumbering': 138,
  'ind-neighbor-solicit': 141, 'ind-neighbor-advert': 142, 'mld2-listener-report': 143,
};
const ICMP_CODES: Record<string, number> = {
  'net-unreachable': 0, 'host-unreachable': 1, 'prot-unreachable': 2, 'port-unreachable': 3, 'frag-needed': 4,
  'net-prohibited': 9, 'host-prohibited': 10, 'admin-prohibited': 13,
};
const ICMPV6_CODES: Record<string, number> = {
  'no-route': 0, 'admin-prohibited': 1, 'addr-unreachable': 3, 'port-unreachable': 4, 'policy-fail': 5, 'reject-route': 6,
};
const TCP_FLAGS: Record<string, number> = { fin: 0x01, syn: 0x02, rst: 0x04, psh: 0x08, ack: 0x10, urg: 0x20, ecn: 0x40, cwr: 0x80 };
/** `ip6 nexthdr` prints the /etc/protocols name: `ipv6-icmp` is the Tuple vocabulary's `icmpv6`. */
const PROTOCOL_ALIASES: Record<string, string> = { 'ipv6-icmp': 'icmpv6', 'icmp6': 'icmpv6' };
const TRANSPORTS = ['tcp', 'udp', 'udplite', 'sctp', 'dccp', 'icmp', 'icmpv6', 'igmp', 'gre', 'esp', 'ah'];

/** Splits a packet text into words; a double-quoted word keeps its spaces and loses its quotes. */
function words(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2]);
  return out;
}

function numberOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (/^\d{1,10}$/.test(text)) return Number(text);
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) return parseInt(text, 16);
  return null;
}

/** `syn`, `0x12`, `syn|ack` (pipes already joined) → the flags byte; null for anything else. */
function tcpFlagsOf(text: string | undefined): number | null {
  if (text === undefined) return null;
  const hex = numberOf(text);
  if (hex !== null) return hex & 0xff;
  let bits = 0;
  for (const name of text.split('|')) {
    const bit = TCP_FLAGS[name];
    if (bit === undefined) return null;
    bits |= bit;
  }
  return bits;
}

/** The fields of an nft `packet:` text, read into a TracedPacket; `unread` lists words that fit no field. */
export function readNftPacket(text: string, line: number): { view: TracedPacket; unread: string[] } {
  const w = words(text);
  const fields: Record<string, string> = {};
  const unread: string[] = [];
  for (let i = 0; i < w.length; ) {
    const word = w[i];
    if (word === '..') {
      i++;
    } else if (word === 'iif' || word === 'oif' || word === 'iifname' || word === 'oifname') {
      if (w[i + 1] !== undefined && w[i + 1] !== '..') fields[word] = w[i + 1];
      i += 2;
    } else if (word.startsWith('@')) {
      if (w[i + 1] !== undefined) fields[word] = w[i + 1];
      i += 2;
    } else if (PROTOCOLS.has(word) && w[i + 1] !== undefined) {
      const name = `${word} ${w[i + 1]}`;
      let j = i + 2;
      if (w[j] === '==') j++;
      let value = w[j];
      while (w[j + 1] === '|' && w[j + 2] !== undefined) {
        value = `${value}|${w[j + 2]}`;
        j += 2;
      }
      if (value !== undefined && value !== '..') fields[name] = value;
      else if (value === undefined) unread.push(name);
      i = j + 1;
    } else {
      unread.push(word);
      i++;
    }
  }
  const v6 = 'ip6 saddr' in fields || 'ip6 daddr' in fields;
  // nft ≤0.9 does not print `ip protocol`; the transport header's fields then say which one it was.
  const printed = fields['ip protocol'] ?? fields['ip6 nexthdr'] ?? fields['meta l4proto'] ?? null;
  const proto = printed === null
    ? TRANSPORTS.find((t) => Object.keys(fields).some((k) => k.startsWith(`${t} `))) ?? null
    : /^\d+$/.test(printed) ? ipProtocolName(Number(printed)) : PROTOCOL_ALIASES[printed] ?? printed;
  const transport = proto ?? 'th';
  const port = (field: 'sport' | 'dport') => numberOf(fields[`${transport} ${field}`] ?? fields[`th ${field}`]);
  const icmpTypes = proto === 'icmpv6' ? ICMPV6_TYPES : ICMP_TYPES;
  const icmpCodes = proto === 'icmpv6' ? ICMPV6_CODES : ICMP_CODES;
  const typeText = fields[`${proto} type`];
  const codeText = fields[`${proto} code`];
  const v6Len = numberOf(fields['ip6 length']);
  const view: TracedPacket = {
    line,
    tuple: {
      proto,
      src: fields['ip saddr'] ?? fields['ip6 saddr'] ?? null,
      dst: fields['ip daddr'] ?? fields['ip6 daddr'] ?? null,
      sport: port('sport'),
      dport: port('dport'),
    },
    iif: fields.iif ?? fields.iifname ?? null,
    oif: fields.oif ?? fields.oifname ?? null,
    ipId: v6 ? null : numberOf(fields['ip id']),
    ipLen: v6 ? (v6Len === null ? null : v6Len + 40) : numberOf(fields['ip length']),
    ttl: numberOf(fields['ip ttl'] ?? fields['ip6 hoplimit']),
    tcpFlags: proto === 'tcp' ? tcpFlagsOf(fields['tcp flags']) : null,
    icmpType: proto === 'icmp' || proto === 'icmpv6' ? (typeText === undefined ? null : icmpTypes[typeText] ?? numberOf(typeText)) : null,
    icmpCode: proto === 'icmp' || proto === 'icmpv6' ? (codeText === undefined ? null : icmpCodes[codeText] ?? numberOf(codeText)) : null,
    fields,
  };
  return { view, unread };
}
