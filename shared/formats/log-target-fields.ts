import type { LogPacketFields } from '../model/log-line';
import { ipv6Text } from './address-text';

// A netfilter LOG target line (ipt_LOG / nft `log` through nf_log_syslog, nf_log_ipv4/ipv6 before 5.12):
//   PREFIX IN=%s OUT=%s [PHYSIN= PHYSOUT=] [MAC=dst:src:type] SRC= DST= LEN= TOS= PREC= TTL= ID= [CE] [DF] [MF]
//   [FRAG:%u] PROTO=TCP SPT= DPT= [SEQ= ACK=] WINDOW= RES= <flags> URGP= [OPT (hex)] [UID= GID=] [MARK=0x]
//   UDP: PROTO=UDP SPT= DPT= LEN= (the UDP length, a second LEN) · ICMP: PROTO=ICMP TYPE= CODE= [ID= SEQ=]
//   [MTU=] and, for ICMP errors, the offending packet's header in brackets: `[SRC=… DST=… … PROTO=UDP SPT= DPT= LEN= ]`
//   IPv6: SRC= DST= (8 full groups) LEN= TC= HOPLIMIT= FLOWLBL= PROTO= … ; ARP: ARP HTYPE= PTYPE= OPCODE= [MACSRC= IPSRC= …]
// The prefix is the rule's --log-prefix as typed: nothing separates it from `IN=` (`[sammyne]IN=ens33`, `DROPIN=eth0`).
// Ref: net/netfilter/nf_log_syslog.c (dump_ipv4_packet, dump_ipv6_packet, dump_arp_packet);
// /work/shared/spec/formats-notes.md §11; samples/dmesg/.

const START = /IN=[^\s=]* OUT=/;
const TCP_FLAGS = new Set(['CWR', 'ECE', 'URG', 'ACK', 'PSH', 'RST', 'SYN', 'FIN']);
// Bare words the kernel prints without a value: IP ECN/fragment bits, the ARP marker.
const MARKERS = new Set(['CE', 'DF', 'MF', 'ARP']);
const KEY_VALUE = /^([A-Za-z][A-Za-z0-9_]*)=(.*)$/;
const FULL_IPV6 = /^[0-9a-fA-F]{4}(?::[0-9a-fA-F]{4}){7}$/;

function numberOf(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : null;
}

function valueOrNull(text: string | undefined): string | null {
  return text === undefined || text === '' ? null : text;
}

/** nf_log prints IPv6 addresses with all 8 groups (`%pI6`); captures print RFC 5952 text. Same text for both. */
function addressOf(text: string | undefined): string | null {
  if (text === undefined || text === '') return null;
  if (!FULL_IPV6.test(text)) return text;
  const bytes = new Uint8Array(16);
  text.split(':').forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 0xff;
  });
  return ipv6Text(bytes, 0);
}

/**
 * Decodes the LOG target part of a kernel message, or null when it has none. `fields` holds every KEY=VALUE as
 * printed; a key printed twice is stored the second time under `<PROTO>.<KEY>` (`UDP.LEN`, `ICMP.ID`: the echo id after the IP ID),
 * the bracketed header of an ICMP error under `INNER.<KEY>` (`INNER.UDP.LEN`), bare markers (DF, MF, CE) with an empty value,
 * `FRAG:n` as FRAG, `OPT (…)` as OPT and `INCOMPLETE [n bytes]` as INCOMPLETE.
 */
export function decodeLogTarget(message: string): LogPacketFields | null {
  const at = message.search(START);
  if (at < 0) return null;
  const tokens = message.slice(at).split(/\s+/).filter((t) => t.length > 0);
  const fields: Record<string, string> = {};
  const flags: string[] = [];
  let proto: string | null = null;
  let innerProto: string | null = null;
  let ipId: number | null = null;
  let inner = false;
  for (let i = 0; i < tokens.length; i++) {
    let token = tokens[i];
    if (token === 'INCOMPLETE' && /^\[\d+$/.test(tokens[i + 1] ?? '')) {
      fields.INCOMPLETE = tokens[i + 1].slice(1);
      i += 2;
      continue;
    }
    if (token === 'OPT' && (tokens[i + 1] ?? '').startsWith('(')) {
      fields[inner ? 'INNER.OPT' : 'OPT'] = tokens[i + 1].replace(/[()]/g, '');
      i++;
      continue;
    }
    if (token.startsWith('[')) {
      inner = true;
      token = token.slice(1);
    }
    const closes = token.endsWith(']');
    if (closes) token = token.slice(0, -1);
    const pair = KEY_VALUE.exec(token);
    if (pair) {
      const [, key, value] = pair;
      let name = inner ? `INNER.${key}` : key;
      if (name in fields) name = inner ? `INNER.${innerProto ?? 'DUP'}.${key}` : `${proto ?? 'DUP'}.${key}`;
      if (!(name in fields)) fields[name] = value;
      if (key === 'PROTO') {
        if (inner) innerProto = value;
        else if (proto === null) proto = value;
      }
      if (!inner && key === 'ID' && proto === null && ipId === null) ipId = numberOf(value);
    } else if (token.startsWith('FRAG:')) {
      fields[inner ? 'INNER.FRAG' : 'FRAG'] = token.slice(5);
    } else if (!inner && TCP_FLAGS.has(token)) {
      flags.push(token);
    } else if (MARKERS.has(token)) {
      fields[inner ? `INNER.${token}` : token] = '';
    }
    if (closes) inner = false;
  }
  return {
    prefix: message.slice(0, at),
    in: valueOrNull(fields.IN),
    out: valueOrNull(fields.OUT),
    mac: valueOrNull(fields.MAC),
    src: addressOf(fields.SRC),
    dst: addressOf(fields.DST),
    len: numberOf(fields.LEN),
    // IPv6 has a hop limit where IPv4 has a TTL: same meaning, one field.
    ttl: numberOf(fields.TTL ?? fields.HOPLIMIT),
    id: ipId,
    proto,
    sport: numberOf(fields.SPT),
    dport: numberOf(fields.DPT),
    flags,
    icmpType: numberOf(fields.TYPE),
    icmpCode: numberOf(fields.CODE),
    fields,
  };
}

/**
 * True when a LOG line stops before fields the kernel always prints: no PROTO after SRC, TCP without URGP,
 * UDP without its length, ICMP without CODE. Fragments and `INCOMPLETE` headers legitimately stop early.
 */
export function logTargetLooksCut(packet: LogPacketFields): boolean {
  const f = packet.fields;
  if ('FRAG' in f || 'INCOMPLETE' in f) return false;
  if (!('SRC' in f)) return !('HTYPE' in f) && !('ARP' in f);
  if (packet.proto === null) return true;
  if (packet.proto === 'TCP') return !('URGP' in f);
  if (packet.proto === 'UDP' || packet.proto === 'UDPLITE') return !(`${packet.proto}.LEN` in f);
  if (packet.proto === 'ICMP' || packet.proto === 'ICMPv6') return !('CODE' in f);
  return false;
}
