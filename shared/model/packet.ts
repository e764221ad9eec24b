/** One captured frame, decoded down to the transport header. Times are µs since the Unix epoch (UTC). */
export interface Packet {
  kind: 'packet';
  /** 1-based packet number in the file (what Wireshark shows). */
  index: number;
  /** Capture time, microseconds since the epoch. */
  tUs: number;
  /** Interface id (pcapng IDB index; 0 for pcap). */
  iface: number;
  /** Interface name when the file carries one (pcapng if_name), else null. */
  ifName: string | null;
  caplen: number;
  origLen: number;
  /** Byte offset of the record in the file. */
  offset: number;
  /** Link-layer addresses where present (Ethernet / SLL). */
  ethSrc: string | null;
  ethDst: string | null;
  vlan: number[];
  /** Direction from SLL/SLL2 packet type or pcapng epb_flags: 'in' | 'out' | null (unknown). */
  direction: 'in' | 'out' | null;
  /** Network layer: 'ipv4' | 'ipv6' | 'arp' | 'other'. */
  l3: 'ipv4' | 'ipv6' | 'arp' | 'other';
  src: string | null;
  dst: string | null;
  /** IP protocol number (6 tcp, 17 udp, 1 icmp, 58 icmpv6); null when not IP. */
  proto: number | null;
  ipId: number | null;
  ttl: number | null;
  /** IPv4 total length / IPv6 payload length + 40. */
  ipLen: number | null;
  sport: number | null;
  dport: number | null;
  /** TCP flags byte (FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20 ECE 0x40 CWR 0x80). */
  tcpFlags: number | null;
  seq: number | null;
  ack: number | null;
  /** TCP payload length (bytes after the TCP header, by IP length); for UDP, bytes after the UDP header. */
  payloadLen: number | null;
  icmpType: number | null;
  icmpCode: number | null;
  icmpId: number | null;
  icmpSeq: number | null;
  /** ARP opcode and addresses when l3 is 'arp'. */
  arpOp: number | null;
  /** pcapng opt_comment on the packet, if any. */
  comment: string | null;
  /**
   * Kernel interface index from a Linux cooked v2 header (`tcpdump -i any` with libpcap >= 1.10): which device
   * of an `any` capture saw the frame. Null when the link layer does not carry one; absent from older producers.
   */
  ifIndex?: number | null;
}

/** A packet with the capture facts filled in and every decoded field empty. */
export function createPacket(index: number, offset: number, tUs: number, iface: number, ifName: string | null, caplen: number, origLen: number): Packet {
  return {
    kind: 'packet', index, tUs, iface, ifName, caplen, origLen, offset, ethSrc: null, ethDst: null, vlan: [], direction: null, l3: 'other',
    src: null, dst: null, proto: null, ipId: null, ttl: null, ipLen: null, sport: null, dport: null, tcpFlags: null, seq: null, ack: null,
    payloadLen: null, icmpType: null, icmpCode: null, icmpId: null, icmpSeq: null, arpOp: null, comment: null, ifIndex: null,
  };
}

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

export function tcpFlagNames(flags: number): string {
  const names: string[] = [];
  const table: Array<[number, string]> = [[0x02, 'SYN'], [0x10, 'ACK'], [0x01, 'FIN'], [0x04, 'RST'], [0x08, 'PSH'], [0x20, 'URG'], [0x40, 'ECE'], [0x80, 'CWR']];
  for (const [bit, name] of table) if (flags & bit) names.push(name);
  return names.join(',');
}
