/**
 * The header values a ruleset evaluator looks at, for one packet at one hook. Built from a captured packet, a LOG
 * line or a kernel event's tuple; fields the artifacts do not show are null and make matches on them undecidable.
 */
export interface PacketView {
  family: 'ip' | 'ip6';
  src: string;
  dst: string;
  /** 'tcp' | 'udp' | 'icmp' | 'icmpv6' | other protocol number as text. */
  proto: string;
  sport: number | null;
  dport: number | null;
  /** TCP flags byte. */
  tcpFlags: number | null;
  icmpType: number | null;
  icmpCode: number | null;
  inIface: string | null;
  outIface: string | null;
  /** Conntrack state the packet has at this hook: NEW for a first SYN / first echo request, ESTABLISHED for replies. */
  ctState: 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | null;
}

export const protoNames: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp', 47: 'gre', 50: 'esp' };

export function protoName(proto: number | null): string {
  return proto === null ? 'unknown' : protoNames[proto] ?? String(proto);
}

/** The reply a host sends to `view` (SYN → SYN-ACK, echo request → echo reply), seen at LOCAL_OUT of the answering host. */
export function replyView(view: PacketView): PacketView {
  return {
    ...view,
    src: view.dst,
    dst: view.src,
    sport: view.dport,
    dport: view.sport,
    tcpFlags: view.tcpFlags === 0x02 ? 0x12 : view.tcpFlags,
    icmpType: view.icmpType === 8 ? 0 : view.icmpType === 128 ? 129 : view.icmpType,
    inIface: null,
    outIface: view.inIface,
    ctState: 'ESTABLISHED',
  };
}
