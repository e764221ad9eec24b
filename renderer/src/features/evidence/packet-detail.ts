import type { Packet } from '../../../../shared/model/packet';
import { tcpFlagNames } from '../../../../shared/model/packet';
import { formatMicros } from '../../text/format-micros';

const protocols: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6', 132: 'SCTP' };

/** A decoded packet as label / value rows, layer by layer (what the capture's detail pane shows). */
export function packetDetail(p: Packet): Array<[string, string]> {
  const rows: Array<[string, string | null | false]> = [
    ['Packet', `#${p.index} · ${p.caplen} of ${p.origLen} bytes captured · offset ${p.offset}`],
    ['Time (UTC)', formatMicros(p.tUs)],
    ['Interface', [p.ifName ?? `#${p.iface}`, p.ifIndex != null && `ifindex ${p.ifIndex}`, p.direction && `direction ${p.direction}`].filter(Boolean).join(' · ')],
    ['Ethernet', (p.ethSrc || p.ethDst) && `${p.ethSrc ?? '?'} → ${p.ethDst ?? '?'}${p.vlan.length ? ` · VLAN ${p.vlan.join('/')}` : ''}`],
    ['Network', p.l3 === 'other' ? 'not IP' : `${p.l3.toUpperCase()} ${p.src ?? '?'} → ${p.dst ?? '?'}`],
    ['IP', p.ipId !== null || p.ttl !== null ? [p.ipId !== null && `ID ${p.ipId}`, p.ttl !== null && `TTL ${p.ttl}`, p.ipLen !== null && `length ${p.ipLen}`].filter(Boolean).join(' · ') : false],
    ['Transport', p.proto !== null && [protocols[p.proto] ?? `proto ${p.proto}`, p.sport !== null && `${p.sport} → ${p.dport}`].filter(Boolean).join(' ')],
    ['TCP', p.tcpFlags !== null && [tcpFlagNames(p.tcpFlags) || 'no flags', p.seq !== null && `seq ${p.seq}`, p.ack !== null && `ack ${p.ack}`, p.payloadLen !== null && `payload ${p.payloadLen}`].filter(Boolean).join(' · ')],
    ['ICMP', p.icmpType !== null && [`type ${p.icmpType} code ${p.icmpCode ?? 0}`, p.icmpId !== null && `id ${p.icmpId}`, p.icmpSeq !== null && `seq ${p.icmpSeq}`].filter(Boolean).join(' · ')],
    ['ARP', p.arpOp !== null && `op ${p.arpOp} · ${p.src ?? '?'} → ${p.dst ?? '?'}`],
    ['Comment', p.comment],
  ];
  return rows.filter((r): r is [string, string] => typeof r[1] === 'string' && r[1].length > 0);
}
