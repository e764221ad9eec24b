import type { Packet } from '../model/packet';
import type { AddressText } from './address-text';

// Link-layer header types as stored in pcap and pcapng files.
// Ref: draft-ietf-opsawg-pcaplinktype (LINKTYPE_* registry); https://www.tcpdump.org/linktypes.html
export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
/** DLT_RAW as most BSDs and Linux number it; libpcap writes 101 but older files carry 12. Ref: Wireshark wiretap/pcap-common.c. */
export const LINKTYPE_RAW_BSD = 12;
/** DLT_RAW as OpenBSD numbers it. Ref: Wireshark wiretap/pcap-common.c. */
export const LINKTYPE_RAW_OPENBSD = 14;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_ARP = 0x0806;
const ETHERTYPE_RARP = 0x8035;
const ETHERTYPE_IPV6 = 0x86dd;
const IP_ICMP = 1;
const IP_TCP = 6;
const IP_UDP = 17;
const IP_ICMPV6 = 58;
/** How many stacked VLAN tags are unwrapped before giving up (a frame of only tags is garbage). */
const MAX_VLAN_TAGS = 8;
/** How many IPv6 extension headers are walked before giving up. */
const MAX_IPV6_HEADERS = 8;

const LINK_NAMES: Record<number, string> = {
  [LINKTYPE_NULL]: 'BSD loopback (NULL)',
  [LINKTYPE_ETHERNET]: 'Ethernet',
  [LINKTYPE_RAW_BSD]: 'raw IP',
  [LINKTYPE_RAW_OPENBSD]: 'raw IP',
  [LINKTYPE_RAW]: 'raw IP',
  [LINKTYPE_LOOP]: 'OpenBSD loopback (LOOP)',
  [LINKTYPE_LINUX_SLL]: 'Linux cooked (SLL)',
  [LINKTYPE_IPV4]: 'raw IPv4',
  [LINKTYPE_IPV6]: 'raw IPv6',
  [LINKTYPE_LINUX_SLL2]: 'Linux cooked v2 (SLL2)',
};

/** `1 (Ethernet)`: a link type as a reader wants to see it in the artifact's facts. */
export function linkTypeText(linkType: number): string {
  const name = LINK_NAMES[linkType];
  return name === undefined ? `${linkType} (not decoded)` : `${linkType} (${name})`;
}

/** True when `decodeFrame` knows the link type; other frames still become packets, with l3 'other'. */
export function isDecodedLinkType(linkType: number): boolean {
  return LINK_NAMES[linkType] !== undefined;
}

/** A packet record with the capture facts filled in and every decoded field empty, ready for `decodeFrame`. */
export function createPacket(index: number, offset: number, tUs: number, iface: number, ifName: string | null, caplen: number, origLen: number): Packet {
  return {
    kind: 'packet',
    index,
    tUs,
    iface,
    ifName,
    caplen,
    origLen,
    offset,
    ethSrc: null,
    ethDst: null,
    vlan: [],
    direction: null,
    l3: 'other',
    src: null,
    dst: null,
    proto: null,
    ipId: null,
    ttl: null,
    ipLen: null,
    sport: null,
    dport: null,
    tcpFlags: null,
    seq: null,
    ack: null,
    payloadLen: null,
    icmpType: null,
    icmpCode: null,
    icmpId: null,
    icmpSeq: null,
    arpOp: null,
    comment: null,
    ifIndex: null,
  };
}

/**
 * Makes `p` a fresh packet again (as `createPacket` would build it), so one scratch object can carry every packet
 * of a file into a PacketTable without an allocation per packet.
 */
export function resetPacket(p: Packet, index: number, offset: number, tUs: number, iface: number, ifName: string | null, caplen: number, origLen: number): void {
  p.index = index;
  p.tUs = tUs;
  p.iface = iface;
  p.ifName = ifName;
  p.caplen = caplen;
  p.origLen = origLen;
  p.offset = offset;
  p.ethSrc = null;
  p.ethDst = null;
  if (p.vlan.length > 0) p.vlan = [];
  p.direction = null;
  p.l3 = 'other';
  p.src = null;
  p.dst = null;
  p.proto = null;
  p.ipId = null;
  p.ttl = null;
  p.ipLen = null;
  p.sport = null;
  p.dport = null;
  p.tcpFlags = null;
  p.seq = null;
  p.ack = null;
  p.payloadLen = null;
  p.icmpType = null;
  p.icmpCode = null;
  p.icmpId = null;
  p.icmpSeq = null;
  p.arpOp = null;
  p.comment = null;
  p.ifIndex = null;
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/**
 * Decodes one frame into `packet`: link layer, VLAN tags, IPv4/IPv6/ARP, then TCP/UDP/ICMP headers.
 * Reads `bytes[start, start + length)` only (a snaplen-truncated frame yields what is there; the rest stays
 * null). Lengths that depend on the whole packet (payloadLen, ipLen) come from the IP header, not the capture.
 * `littleEndian` is the writer's byte order, which the BSD NULL header uses. Never throws on any bytes.
 */
export function decodeFrame(bytes: Uint8Array, start: number, length: number, linkType: number, littleEndian: boolean, packet: Packet, names: AddressText): void {
  const end = start + length;
  // Bytes of the packet on the wire from `start` on, for lengths an offloaded header leaves at zero.
  const wire = packet.origLen;
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      decodeEthernet(bytes, start, end, wire, packet, names);
      return;
    case LINKTYPE_LINUX_SLL:
      decodeLinuxSll(bytes, start, end, wire, packet, names);
      return;
    case LINKTYPE_LINUX_SLL2:
      decodeLinuxSll2(bytes, start, end, wire, packet, names);
      return;
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_BSD:
    case LINKTYPE_RAW_OPENBSD:
      decodeIpByVersion(bytes, start, end, wire, packet, names);
      return;
    case LINKTYPE_IPV4:
      decodeIpv4(bytes, start, end, wire, packet, names);
      return;
    case LINKTYPE_IPV6:
      decodeIpv6(bytes, start, end, wire, packet, names);
      return;
    case LINKTYPE_NULL:
      decodeLoopback(bytes, start, end, wire, packet, names, nullFamily(bytes, start, end, littleEndian));
      return;
    case LINKTYPE_LOOP:
      decodeLoopback(bytes, start, end, wire, packet, names, end - start >= 4 ? u32(bytes, start) : -1);
      return;
    default:
      return;
  }
}

// Ref: IEEE 802.3 (destination, source, EtherType); IEEE 802.1Q / 802.1ad tags (TPID 0x8100, 0x88a8; 0x9100 is
// the pre-802.1ad QinQ TPID some switches still send). An EtherType ≤ 1500 is an 802.3 length: LLC follows, and
// SNAP (AA AA 03 + OUI) carries an EtherType 6 bytes in.
function decodeEthernet(b: Uint8Array, o: number, end: number, wire: number, p: Packet, names: AddressText): void {
  if (end - o < 14) return;
  p.ethDst = names.mac(b, o);
  p.ethSrc = names.mac(b, o + 6);
  let type = u16(b, o + 12);
  let at = o + 14;
  if (type <= 1500) {
    if (end - at < 8 || b[at] !== 0xaa || b[at + 1] !== 0xaa || b[at + 2] !== 0x03) return;
    type = u16(b, at + 6);
    at += 8;
  }
  decodeEtherType(b, at, end, wire - (at - o), type, p, names);
}

/** Unwraps VLAN tags, then hands the payload to the network layer the EtherType names. */
function decodeEtherType(b: Uint8Array, o: number, end: number, wire: number, etherType: number, p: Packet, names: AddressText): void {
  let type = etherType;
  let at = o;
  for (let tags = 0; (type === 0x8100 || type === 0x88a8 || type === 0x9100) && tags < MAX_VLAN_TAGS; tags++) {
    if (end - at < 4) return;
    p.vlan.push(u16(b, at) & 0x0fff);
    type = u16(b, at + 2);
    at += 4;
  }
  const left = wire - (at - o);
  if (type === ETHERTYPE_IPV4) decodeIpv4(b, at, end, left, p, names);
  else if (type === ETHERTYPE_IPV6) decodeIpv6(b, at, end, left, p, names);
  else if (type === ETHERTYPE_ARP || type === ETHERTYPE_RARP) decodeArp(b, at, end, p, names);
}

/**
 * Linux "cooked" capture v1, what `tcpdump -i any` wrote before libpcap 1.10 (16 bytes): packet type, ARPHRD
 * type, address length, 8 address bytes, protocol (an EtherType for IP/ARP/VLAN).
 * Ref: https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html
 */
function decodeLinuxSll(b: Uint8Array, o: number, end: number, wire: number, p: Packet, names: AddressText): void {
  if (end - o < 16) return;
  p.direction = sllDirection(u16(b, o));
  if (u16(b, o + 4) === 6) p.ethSrc = names.mac(b, o + 6);
  decodeEtherType(b, o + 16, end, wire - 16, u16(b, o + 14), p, names);
}

/**
 * Linux cooked capture v2 (`tcpdump -i any` with libpcap ≥ 1.10, 20 bytes): protocol, reserved, interface
 * index, ARPHRD type, packet type, address length, 8 address bytes. The interface index tells which device of
 * an `any` capture saw the frame (the same packet shows once per veth/bridge it crossed).
 * Ref: https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html
 */
function decodeLinuxSll2(b: Uint8Array, o: number, end: number, wire: number, p: Packet, names: AddressText): void {
  if (end - o < 20) return;
  p.ifIndex = u32(b, o + 4);
  p.direction = sllDirection(b[o + 10]);
  if (b[o + 11] === 6) p.ethSrc = names.mac(b, o + 12);
  decodeEtherType(b, o + 20, end, wire - 20, u16(b, o), p, names);
}

/** PACKET_HOST 0, BROADCAST 1, MULTICAST 2, OTHERHOST 3 are received; PACKET_OUTGOING 4 was sent. Ref: linux/if_packet.h. */
function sllDirection(packetType: number): 'in' | 'out' | null {
  if (packetType <= 3) return 'in';
  if (packetType === 4) return 'out';
  return null;
}

/**
 * BSD loopback (NULL) holds the address family as a 32-bit integer in the byte order of the host that
 * captured, which is not always the file's: a value with no bits in the low 16 means it was the other order.
 * Ref: https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html
 */
function nullFamily(b: Uint8Array, o: number, end: number, littleEndian: boolean): number {
  if (end - o < 4) return -1;
  const big = u32(b, o);
  const little = (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  const family = littleEndian ? little : big;
  return (family & 0xffff) === 0 ? (littleEndian ? big : little) : family;
}

/** AF_INET is 2 everywhere; AF_INET6 is 10 on Linux, 23 on Windows, 24 on NetBSD/OpenBSD, 28 on FreeBSD, 30 on macOS. */
function decodeLoopback(b: Uint8Array, o: number, end: number, wire: number, p: Packet, names: AddressText, family: number): void {
  if (family === 2) decodeIpv4(b, o + 4, end, wire - 4, p, names);
  else if (family === 10 || family === 23 || family === 24 || family === 28 || family === 30) decodeIpv6(b, o + 4, end, wire - 4, p, names);
}

function decodeIpByVersion(b: Uint8Array, o: number, end: number, wire: number, p: Packet, names: AddressText): void {
  if (end - o < 1) return;
  const version = b[o] >> 4;
  if (version === 4) decodeIpv4(b, o, end, wire, p, names);
  else if (version === 6) decodeIpv6(b, o, end, wire, p, names);
}

/**
 * Ref: RFC 791 section 3.1. Only the first fragment (offset 0) carries the transport header. A total length
 * below the header length is what TSO/GSO leaves in frames captured before segmentation (Linux writes 0):
 * the length (ipLen too, as Wireshark shows it) then comes from the frame on the wire.
 */
function decodeIpv4(b: Uint8Array, o: number, end: number, wire: number, p: Packet, names: AddressText): void {
  p.l3 = 'ipv4';
  if (end - o < 20 || b[o] >> 4 !== 4) return;
  const headerLength = (b[o] & 0x0f) * 4;
  const totalLength = u16(b, o + 2);
  const ipLength = totalLength >= headerLength ? totalLength : wire;
  p.ipLen = ipLength;
  p.ipId = u16(b, o + 4);
  p.ttl = b[o + 8];
  p.proto = b[o + 9];
  p.src = names.ipv4(b, o + 12);
  p.dst = names.ipv4(b, o + 16);
  if (headerLength < 20) return;
  if ((u16(b, o + 6) & 0x1fff) !== 0) return;
  decodeTransport(b, o + headerLength, end, ipLength - headerLength, p.proto, p);
}

/**
 * Ref: RFC 8200 sections 3 (header), 4 (extension headers: hop-by-hop 0, routing 43, fragment 44, destination
 * options 60; length in 8-octet units not counting the first), RFC 4302 (AH 51: length in 4-octet units minus 2),
 * RFC 6275 (mobility 135), RFC 7401 (HIP 139), RFC 5533 (shim6 140). A payload length of 0 with more than a
 * bare header is a jumbogram or a BIG TCP / GSO frame: the length then comes from the wire.
 * `proto` is the upper-layer protocol after the extension headers; a non-first fragment has no ports.
 */
function decodeIpv6(b: Uint8Array, o: number, end: number, wire: number, p: Packet, names: AddressText): void {
  p.l3 = 'ipv6';
  if (end - o < 40 || b[o] >> 4 !== 6) return;
  const payloadLength = u16(b, o + 4);
  const upper = payloadLength === 0 && wire > 40 ? wire - 40 : payloadLength;
  p.ipLen = upper + 40;
  p.ttl = b[o + 7];
  p.src = names.ipv6(b, o + 8);
  p.dst = names.ipv6(b, o + 24);
  let next = b[o + 6];
  let at = o + 40;
  let left = upper;
  for (let n = 0; n < MAX_IPV6_HEADERS; n++) {
    let size: number;
    if (next === 0 || next === 43 || next === 60 || next === 135 || next === 139 || next === 140) {
      if (end - at < 2) break;
      size = (b[at + 1] + 1) * 8;
    } else if (next === 51) {
      if (end - at < 2) break;
      size = (b[at + 1] + 2) * 4;
    } else if (next === 44) {
      if (end - at < 8) break;
      if (u16(b, at + 2) >> 3 !== 0) {
        p.proto = b[at];
        return;
      }
      size = 8;
    } else {
      break;
    }
    next = b[at];
    at += size;
    left -= size;
  }
  p.proto = next;
  decodeTransport(b, at, end, left, next, p);
}

/**
 * Ref: RFC 9293 section 3.1 (TCP: ports, seq, ack, data offset, flags), RFC 768 (UDP), RFC 792 / RFC 4443
 * (ICMP / ICMPv6: type, code; echo messages carry identifier and sequence). `length` is the transport length
 * from the IP header (the UDP payload comes from the UDP length field). SCTP, DCCP and UDP-Lite put their ports in
 * the same first 4 bytes.
 */
function decodeTransport(b: Uint8Array, o: number, end: number, length: number, proto: number, p: Packet): void {
  const have = end - o;
  if (proto === IP_TCP || proto === IP_UDP || proto === 33 || proto === 132 || proto === 136) {
    if (have < 4) return;
    p.sport = u16(b, o);
    p.dport = u16(b, o + 2);
    if (proto === IP_UDP) {
      // The UDP length field covers the whole datagram even in a first fragment; 0 (jumbogram, GSO) falls
      // back to the IP length.
      const udpLength = have >= 6 ? u16(b, o + 4) : 0;
      if (udpLength >= 8) p.payloadLen = udpLength - 8;
      else if (length >= 8) p.payloadLen = length - 8;
    } else if (proto === IP_TCP && have >= 14) {
      p.seq = u32(b, o + 4);
      p.ack = u32(b, o + 8);
      p.tcpFlags = b[o + 13];
      const headerLength = (b[o + 12] >> 4) * 4;
      if (headerLength >= 20 && length >= headerLength) p.payloadLen = length - headerLength;
    }
    return;
  }
  if (proto === IP_ICMP || proto === IP_ICMPV6) {
    if (have < 2) return;
    const type = b[o];
    p.icmpType = type;
    p.icmpCode = b[o + 1];
    if (have >= 8 && isEchoLike(proto, type)) {
      p.icmpId = u16(b, o + 4);
      p.icmpSeq = u16(b, o + 6);
    }
  }
}

/** ICMP echo (0, 8), timestamp (13, 14), information (15, 16), address mask (17, 18); ICMPv6 echo (128, 129). */
function isEchoLike(proto: number, type: number): boolean {
  if (proto === IP_ICMPV6) return type === 128 || type === 129;
  return type === 0 || type === 8 || (type >= 13 && type <= 18);
}

/** Ref: RFC 826. Sender and target protocol addresses become src/dst when they are IPv4. */
function decodeArp(b: Uint8Array, o: number, end: number, p: Packet, names: AddressText): void {
  p.l3 = 'arp';
  if (end - o < 8) return;
  p.arpOp = u16(b, o + 6);
  const hardwareLength = b[o + 4];
  if (u16(b, o + 2) !== ETHERTYPE_IPV4 || b[o + 5] !== 4) return;
  const sender = o + 8 + hardwareLength;
  const target = sender + 4 + hardwareLength;
  if (target + 4 > end) return;
  p.src = names.ipv4(b, sender);
  p.dst = names.ipv4(b, target);
}
