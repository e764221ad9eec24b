import {
  HAS_ACK, HAS_ARPOP, HAS_DPORT, HAS_ICMPCODE, HAS_ICMPID, HAS_ICMPSEQ, HAS_ICMPTYPE, HAS_IFINDEX, HAS_IPID, HAS_IPLEN, HAS_PAYLOAD, HAS_PROTO,
  HAS_SEQ, HAS_SPORT, HAS_TCPFLAGS, HAS_TTL, L3_ARP, L3_IPV4, L3_IPV6, type PacketTable,
} from '../model/packet-table';
import type { PacketStage } from '../model/packet-stage';
import type { AddressIds } from './address-ids';

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

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/** Where a frame's fields go: row `i` of the table's stage, addresses interned through `ids`. */
export interface RowWriter {
  table: PacketTable;
  stage: PacketStage;
  ids: AddressIds;
  i: number;
}

/**
 * Decodes one frame into the row being written: link layer, VLAN tags, IPv4/IPv6/ARP, then TCP/UDP/ICMP headers.
 * Reads `bytes[start, start + length)` only (a snaplen-truncated frame yields what is there; the rest stays
 * absent). Lengths that depend on the whole packet (payload, IP length) come from the IP header, not the capture;
 * `wire` is the frame's original length. `littleEndian` is the writer's byte order, which the BSD NULL header uses.
 * Never throws on any bytes.
 */
export function decodeFrame(bytes: Uint8Array, start: number, length: number, wire: number, linkType: number, littleEndian: boolean, w: RowWriter): void {
  const end = start + length;
  let has = 0;
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      has = decodeEthernet(bytes, start, end, wire, w);
      break;
    case LINKTYPE_LINUX_SLL:
      has = decodeLinuxSll(bytes, start, end, wire, w);
      break;
    case LINKTYPE_LINUX_SLL2:
      has = decodeLinuxSll2(bytes, start, end, wire, w);
      break;
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_BSD:
    case LINKTYPE_RAW_OPENBSD:
      has = decodeIpByVersion(bytes, start, end, wire, w);
      break;
    case LINKTYPE_IPV4:
      has = decodeIpv4(bytes, start, end, wire, w);
      break;
    case LINKTYPE_IPV6:
      has = decodeIpv6(bytes, start, end, wire, w);
      break;
    case LINKTYPE_NULL:
      has = decodeLoopback(bytes, start, end, wire, w, nullFamily(bytes, start, end, littleEndian));
      break;
    case LINKTYPE_LOOP:
      has = decodeLoopback(bytes, start, end, wire, w, end - start >= 4 ? u32(bytes, start) : -1);
      break;
    default:
      return;
  }
  w.stage.has[w.i] |= has;
}

// Ref: IEEE 802.3 (destination, source, EtherType); IEEE 802.1Q / 802.1ad tags (TPID 0x8100, 0x88a8; 0x9100 is
// the pre-802.1ad QinQ TPID some switches still send). An EtherType ≤ 1500 is an 802.3 length: LLC follows, and
// SNAP (AA AA 03 + OUI) carries an EtherType 6 bytes in.
function decodeEthernet(b: Uint8Array, o: number, end: number, wire: number, w: RowWriter): number {
  if (end - o < 14) return 0;
  w.stage.ethDst[w.i] = w.ids.mac(b, o);
  w.stage.ethSrc[w.i] = w.ids.mac(b, o + 6);
  let type = u16(b, o + 12);
  let at = o + 14;
  if (type <= 1500) {
    if (end - at < 8 || b[at] !== 0xaa || b[at + 1] !== 0xaa || b[at + 2] !== 0x03) return 0;
    type = u16(b, at + 6);
    at += 8;
  }
  return decodeEtherType(b, at, end, wire - (at - o), type, w);
}

/** Unwraps VLAN tags, then hands the payload to the network layer the EtherType names. */
function decodeEtherType(b: Uint8Array, o: number, end: number, wire: number, etherType: number, w: RowWriter): number {
  let type = etherType;
  let at = o;
  for (let tags = 0; (type === 0x8100 || type === 0x88a8 || type === 0x9100) && tags < MAX_VLAN_TAGS; tags++) {
    if (end - at < 4) return 0;
    w.table.pushVlan(u16(b, at) & 0x0fff);
    type = u16(b, at + 2);
    at += 4;
  }
  const left = wire - (at - o);
  if (type === ETHERTYPE_IPV4) return decodeIpv4(b, at, end, left, w);
  if (type === ETHERTYPE_IPV6) return decodeIpv6(b, at, end, left, w);
  if (type === ETHERTYPE_ARP || type === ETHERTYPE_RARP) return decodeArp(b, at, end, w);
  return 0;
}

/**
 * Linux "cooked" capture v1, what `tcpdump -i any` wrote before libpcap 1.10 (16 bytes): packet type, ARPHRD
 * type, address length, 8 address bytes, protocol (an EtherType for IP/ARP/VLAN).
 * Ref: https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html
 */
function decodeLinuxSll(b: Uint8Array, o: number, end: number, wire: number, w: RowWriter): number {
  if (end - o < 16) return 0;
  w.stage.shape[w.i] = sllDirection(u16(b, o)) << 2;
  if (u16(b, o + 4) === 6) w.stage.ethSrc[w.i] = w.ids.mac(b, o + 6);
  return decodeEtherType(b, o + 16, end, wire - 16, u16(b, o + 14), w);
}

/**
 * Linux cooked capture v2 (`tcpdump -i any` with libpcap ≥ 1.10, 20 bytes): protocol, reserved, interface
 * index, ARPHRD type, packet type, address length, 8 address bytes. The interface index tells which device of
 * an `any` capture saw the frame (the same packet shows once per veth/bridge it crossed).
 * Ref: https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html
 */
function decodeLinuxSll2(b: Uint8Array, o: number, end: number, wire: number, w: RowWriter): number {
  if (end - o < 20) return 0;
  w.stage.ifIndex[w.i] = u32(b, o + 4);
  w.stage.shape[w.i] = sllDirection(b[o + 10]) << 2;
  if (b[o + 11] === 6) w.stage.ethSrc[w.i] = w.ids.mac(b, o + 12);
  return HAS_IFINDEX | decodeEtherType(b, o + 20, end, wire - 20, u16(b, o), w);
}

/**
 * PACKET_HOST 0, BROADCAST 1, MULTICAST 2, OTHERHOST 3 are received (1, "in"); PACKET_OUTGOING 4 was sent (2, "out");
 * 0 unknown. Ref: linux/if_packet.h.
 */
function sllDirection(packetType: number): number {
  if (packetType <= 3) return 1;
  if (packetType === 4) return 2;
  return 0;
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
function decodeLoopback(b: Uint8Array, o: number, end: number, wire: number, w: RowWriter, family: number): number {
  if (family === 2) return decodeIpv4(b, o + 4, end, wire - 4, w);
  if (family === 10 || family === 23 || family === 24 || family === 28 || family === 30) return decodeIpv6(b, o + 4, end, wire - 4, w);
  return 0;
}

function decodeIpByVersion(b: Uint8Array, o: number, end: number, wire: number, w: RowWriter): number {
  if (end - o < 1) return 0;
  const version = b[o] >> 4;
  if (version === 4) return decodeIpv4(b, o, end, wire, w);
  if (version === 6) return decodeIpv6(b, o, end, wire, w);
  return 0;
}

/**
 * Ref: RFC 791 section 3.1. Only the first fragment (offset 0) carries the transport header. A total length
 * below the header length is what TSO/GSO leaves in frames captured before segmentation (Linux writes 0):
 * the length (ipLen too, as Wireshark shows it) then comes from the frame on the wire.
 */
function decodeIpv4(b: Uint8Array, o: number, end: number, wire: number, w: RowWriter): number {
  const s = w.stage;
  const i = w.i;
  s.shape[i] |= L3_IPV4;
  if (end - o < 20 || b[o] >> 4 !== 4) return 0;
  const headerLength = (b[o] & 0x0f) * 4;
  const totalLength = u16(b, o + 2);
  const ipLength = totalLength >= headerLength ? totalLength : wire;
  const proto = b[o + 9];
  s.ipLen[i] = ipLength;
  s.ipId[i] = u16(b, o + 4);
  s.ttl[i] = b[o + 8];
  s.proto[i] = proto;
  s.src[i] = w.ids.ipv4(b, o + 12);
  s.dst[i] = w.ids.ipv4(b, o + 16);
  const has = HAS_IPLEN | HAS_IPID | HAS_TTL | HAS_PROTO;
  if (headerLength < 20) return has;
  if ((u16(b, o + 6) & 0x1fff) !== 0) return has;
  return has | decodeTransport(b, o + headerLength, end, ipLength - headerLength, proto, s, i);
}

/**
 * Ref: RFC 8200 sections 3 (header), 4 (extension headers: hop-by-hop 0, routing 43, fragment 44, destination
 * options 60; length in 8-octet units not counting the first), RFC 4302 (AH 51: length in 4-octet units minus 2),
 * RFC 6275 (mobility 135), RFC 7401 (HIP 139), RFC 5533 (shim6 140). A payload length of 0 with more than a
 * bare header is a jumbogram or a BIG TCP / GSO frame: the length then comes from the wire.
 * `proto` is the upper-layer protocol after the extension headers; a non-first fragment has no ports.
 */
function decodeIpv6(b: Uint8Array, o: number, end: number, wire: number, w: RowWriter): number {
  const s = w.stage;
  const i = w.i;
  s.shape[i] |= L3_IPV6;
  if (end - o < 40 || b[o] >> 4 !== 6) return 0;
  const payloadLength = u16(b, o + 4);
  const upper = payloadLength === 0 && wire > 40 ? wire - 40 : payloadLength;
  s.ipLen[i] = upper + 40;
  s.ttl[i] = b[o + 7];
  s.src[i] = w.ids.ipv6(b, o + 8);
  s.dst[i] = w.ids.ipv6(b, o + 24);
  const has = HAS_IPLEN | HAS_TTL | HAS_PROTO;
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
        s.proto[i] = b[at];
        return has;
      }
      size = 8;
    } else {
      break;
    }
    next = b[at];
    at += size;
    left -= size;
  }
  s.proto[i] = next;
  return has | decodeTransport(b, at, end, left, next, s, i);
}

/**
 * Ref: RFC 9293 section 3.1 (TCP: ports, seq, ack, data offset, flags), RFC 768 (UDP), RFC 792 / RFC 4443
 * (ICMP / ICMPv6: type, code; echo messages carry identifier and sequence). `length` is the transport length
 * from the IP header (the UDP payload comes from the UDP length field). SCTP, DCCP and UDP-Lite put their ports in
 * the same first 4 bytes.
 */
function decodeTransport(b: Uint8Array, o: number, end: number, length: number, proto: number, s: PacketStage, i: number): number {
  const have = end - o;
  if (proto === IP_TCP || proto === IP_UDP || proto === 33 || proto === 132 || proto === 136) {
    if (have < 4) return 0;
    s.portA[i] = u16(b, o);
    s.portB[i] = u16(b, o + 2);
    let has = HAS_SPORT | HAS_DPORT;
    if (proto === IP_UDP) {
      // The UDP length field covers the whole datagram even in a first fragment; 0 (jumbogram, GSO) falls
      // back to the IP length.
      const udpLength = have >= 6 ? u16(b, o + 4) : 0;
      if (udpLength >= 8) {
        s.payload[i] = udpLength - 8;
        has |= HAS_PAYLOAD;
      } else if (length >= 8) {
        s.payload[i] = length - 8;
        has |= HAS_PAYLOAD;
      }
    } else if (proto === IP_TCP && have >= 14) {
      s.seq[i] = u32(b, o + 4);
      s.ack[i] = u32(b, o + 8);
      s.flags[i] = b[o + 13];
      has |= HAS_SEQ | HAS_ACK | HAS_TCPFLAGS;
      const headerLength = (b[o + 12] >> 4) * 4;
      if (headerLength >= 20 && length >= headerLength) {
        s.payload[i] = length - headerLength;
        has |= HAS_PAYLOAD;
      }
    }
    return has;
  }
  if (proto === IP_ICMP || proto === IP_ICMPV6) {
    if (have < 2) return 0;
    const type = b[o];
    s.flags[i] = type;
    s.code[i] = b[o + 1];
    if (have >= 8 && isEchoLike(proto, type)) {
      s.portA[i] = u16(b, o + 4);
      s.portB[i] = u16(b, o + 6);
      return HAS_ICMPTYPE | HAS_ICMPCODE | HAS_ICMPID | HAS_ICMPSEQ;
    }
    return HAS_ICMPTYPE | HAS_ICMPCODE;
  }
  return 0;
}

/** ICMP echo (0, 8), timestamp (13, 14), information (15, 16), address mask (17, 18); ICMPv6 echo (128, 129). */
function isEchoLike(proto: number, type: number): boolean {
  if (proto === IP_ICMPV6) return type === 128 || type === 129;
  return type === 0 || type === 8 || (type >= 13 && type <= 18);
}

/** Ref: RFC 826. Sender and target protocol addresses become src/dst when they are IPv4. */
function decodeArp(b: Uint8Array, o: number, end: number, w: RowWriter): number {
  const s = w.stage;
  const i = w.i;
  s.shape[i] |= L3_ARP;
  if (end - o < 8) return 0;
  s.code[i] = u16(b, o + 6);
  const hardwareLength = b[o + 4];
  if (u16(b, o + 2) !== ETHERTYPE_IPV4 || b[o + 5] !== 4) return HAS_ARPOP;
  const sender = o + 8 + hardwareLength;
  const target = sender + 4 + hardwareLength;
  if (target + 4 > end) return HAS_ARPOP;
  s.src[i] = w.ids.ipv4(b, sender);
  s.dst[i] = w.ids.ipv4(b, target);
  return HAS_ARPOP;
}
