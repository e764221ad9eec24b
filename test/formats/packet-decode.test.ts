import { describe, expect, it } from 'vitest';
import { AddressIds } from '../../shared/formats/address-ids';
import { ipv4Text, ipv6Text, macText } from '../../shared/formats/address-text';
import { decodeFrame, isDecodedLinkType, linkTypeText } from '../../shared/formats/packet-decode';
import type { Packet } from '../../shared/model/packet';
import { PacketTable } from '../../shared/model/packet-table';
import { fixture } from './capture-fixtures';

/** Decodes the first `length` bytes of `frame` (a packet of `frame.length` bytes on the wire) into a table's row. */
function decode(frame: Uint8Array, linkType: number, littleEndian = true, length = frame.length): Packet {
  const table = new PacketTable();
  const i = table.beginRow(0, 0, 0, null, length, frame.length);
  decodeFrame(frame, 0, length, frame.length, linkType, littleEndian, { table, stage: table.stage, ids: new AddressIds(table), i });
  table.commitRow();
  return table.packetAt(0);
}

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.replace(/\s+/g, '').match(/../g) ?? [], (h) => parseInt(h, 16));
}

// c2's first SYN as srv's tcpdump recorded it (hidden-hook srv-eth0.pcap, packet 32 at byte 3013 + 16).
const SYN = fixture('cases/hidden-hook/srv-eth0.pcap').slice(3013 + 16, 3013 + 16 + 74);

describe('decodeFrame: a real Ethernet / IPv4 / TCP frame', () => {
  it('fills every field tshark shows', () => {
    expect(decode(SYN, 1)).toEqual({
      kind: 'packet', index: 1, tUs: 0, iface: 0, ifName: null, caplen: 74, origLen: 74, offset: 0,
      ethSrc: '52:54:00:00:02:08', ethDst: '52:54:00:00:00:03', vlan: [], direction: null,
      l3: 'ipv4', src: '10.0.2.8', dst: '10.0.0.3', proto: 6, ipId: 0x123b, ttl: 64, ipLen: 60,
      sport: 43482, dport: 20202, tcpFlags: 0x02, seq: 2826172002, ack: 0, payloadLen: 0,
      icmpType: null, icmpCode: null, icmpId: null, icmpSeq: null, arpOp: null, comment: null, ifIndex: null,
    });
  });

  it('fills each layer only once its bytes are there, for every cut of the frame', () => {
    for (let length = 0; length <= SYN.length; length++) {
      const p = decode(SYN, 1, true, length);
      expect([p.ethSrc !== null, p.l3, p.src, p.sport, p.tcpFlags]).toEqual([
        length >= 14,
        length >= 14 ? 'ipv4' : 'other',
        length >= 34 ? '10.0.2.8' : null,
        length >= 38 ? 43482 : null,
        length >= 48 ? 0x02 : null,
      ]);
    }
  });

  it('leaves an unknown link type\'s fields empty', () => {
    expect(decode(SYN, 147)).toMatchObject({ l3: 'other', ethSrc: null, src: null, proto: null });
  });
});

describe('decodeFrame: link layers', () => {
  const ipv4Syn = SYN.subarray(14);

  it('Linux SLL: outgoing packet type, 6-byte sender address, EtherType', () => {
    const frame = new Uint8Array([...hex('0004 0001 0006 525400000208 0000 0800'), ...ipv4Syn]);
    expect(decode(frame, 113)).toMatchObject({ direction: 'out', ethSrc: '52:54:00:00:02:08', ethDst: null, src: '10.0.2.8', dport: 20202, ifIndex: null });
  });

  it('Linux SLL2: interface index, incoming packet type, a VLAN tag libpcap put back', () => {
    const frame = new Uint8Array([...hex('8100 0000 00000007 0001 00 06 525400000208 0000'), ...hex('0064 0800'), ...ipv4Syn]);
    expect(decode(frame, 276)).toMatchObject({ direction: 'in', ifIndex: 7, ethSrc: '52:54:00:00:02:08', vlan: [100], src: '10.0.2.8' });
  });

  it('Linux SLL packet types 5 and up (loopback, user, kernel) have no direction', () => {
    const frame = new Uint8Array([...hex('0005 0304 0000 0000000000000000 0800'), ...ipv4Syn]);
    expect(decode(frame, 113)).toMatchObject({ direction: null, ethSrc: null, src: '10.0.2.8' });
  });

  it('BSD NULL: AF_INET in the file\'s byte order or the other one', () => {
    expect(decode(new Uint8Array([...hex('02000000'), ...ipv4Syn]), 0, true)).toMatchObject({ l3: 'ipv4', src: '10.0.2.8' });
    expect(decode(new Uint8Array([...hex('00000002'), ...ipv4Syn]), 0, true)).toMatchObject({ l3: 'ipv4', src: '10.0.2.8' });
    expect(decode(new Uint8Array([...hex('00000002'), ...ipv4Syn]), 0, false)).toMatchObject({ l3: 'ipv4', src: '10.0.2.8' });
  });

  it('BSD NULL: an unknown address family is not IP', () => {
    expect(decode(new Uint8Array([...hex('07000000'), ...ipv4Syn]), 0, true)).toMatchObject({ l3: 'other', src: null });
  });

  it('raw IP: the version nibble picks IPv4 or IPv6; anything else is not IP', () => {
    expect(decode(ipv4Syn, 101)).toMatchObject({ l3: 'ipv4', ethSrc: null });
    expect(decode(hex('50 00 00 14'), 101)).toMatchObject({ l3: 'other' });
  });

  it('an Ethernet frame of nothing but VLAN tags stops after 8 of them', () => {
    const frame = new Uint8Array([...SYN.subarray(0, 12), ...hex('8100'), ...Array.from({ length: 20 }, () => [0x00, 0x05, 0x81, 0x00]).flat()]);
    expect(decode(frame, 1).vlan).toEqual([5, 5, 5, 5, 5, 5, 5, 5]);
  });
});

describe('decodeFrame: network and transport details', () => {
  it('a later IPv4 fragment has a protocol but no ports', () => {
    const frame = SYN.slice();
    frame[14 + 6] = 0x00;
    frame[14 + 7] = 0xb9; // fragment offset 185
    expect(decode(frame, 1)).toMatchObject({ proto: 6, sport: null, tcpFlags: null, payloadLen: null });
  });

  it('an IPv4 header length below 20 gives addresses but no transport', () => {
    const frame = SYN.slice();
    frame[14] = 0x44;
    expect(decode(frame, 1)).toMatchObject({ src: '10.0.2.8', proto: 6, sport: null });
  });

  it('an EtherType of IPv4 over bytes of another version is IPv4 with nothing decoded', () => {
    const frame = SYN.slice();
    frame[14] = 0x65;
    expect(decode(frame, 1)).toMatchObject({ l3: 'ipv4', src: null, ipLen: null });
  });

  it('ICMP echo id/seq only for echo-like types; a port unreachable has type and code only', () => {
    const unreachable = hex('45000038 0000 0000 4001 0000 0a000003 0a000208 0303 0000 00000000 4500001c000000004011000000000000000000000000000000000000');
    expect(decode(unreachable, 101)).toMatchObject({ proto: 1, icmpType: 3, icmpCode: 3, icmpId: null, icmpSeq: null, sport: null });
  });

  it('a TCP data offset below 5 gives flags but no payload length', () => {
    const frame = SYN.slice();
    frame[14 + 20 + 12] = 0x40;
    expect(decode(frame, 1)).toMatchObject({ tcpFlags: 0x02, payloadLen: null });
  });

  it('an IPv6 jumbogram / BIG TCP frame (payload length 0) takes its length from the wire', () => {
    const v6 = hex('60000000 0000 06 40 fd000000000000000000000000000008 fd000000000000000000000000000003 9c40 4eea 00000001 00000000 5010 ffff 0000 0000');
    const frame = new Uint8Array(70040);
    frame.set(v6);
    expect(decode(frame, 229, true, 2048)).toMatchObject({ ipLen: frame.length, sport: 40000, dport: 20202, payloadLen: frame.length - 60 });
  });

  it('survives random bytes on every link type', () => {
    let seed = 5;
    const next = () => (seed = (seed * 1664525 + 1013904223) >>> 0) & 0xff;
    for (const linkType of [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 9999]) {
      for (let n = 0; n < 300; n++) {
        const frame = Uint8Array.from({ length: next() }, next);
        expect(() => decode(frame, linkType)).not.toThrow();
      }
    }
  });
});

describe('address text', () => {
  const v6 = (s: string) => ipv6Text(hex(s), 0);

  it.each([
    ['00000000000000000000000000000000', '::'],
    ['00000000000000000000000000000001', '::1'],
    ['fe800000000000000000000000000001', 'fe80::1'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['20010db8000000000000000100000000', '2001:db8::1:0:0'],
    ['ff020000000000000000000000010003', 'ff02::1:3'],
    ['00000000000000000000ffff0a000208', '::ffff:10.0.2.8'],
    ['20010DB8ABCD00000000000000000000', '2001:db8:abcd::'],
  ])('writes %s as %s (RFC 5952)', (bytes, expected) => {
    expect(v6(bytes)).toBe(expected);
  });

  it('writes IPv4 and MAC addresses, the same string for the same address', () => {
    const b = hex('0a000208 525400000208');
    expect(ipv4Text(b, 0)).toBe('10.0.2.8');
    expect(macText(b, 4)).toBe('52:54:00:00:02:08');
    expect(ipv4Text(b, 0)).toBe(ipv4Text(hex('0a000208'), 0));
    expect(macText(hex('ffffffffffff'), 0)).toBe('ff:ff:ff:ff:ff:ff');
  });
});

describe('link type names', () => {
  it('names the decoded link types and flags the others', () => {
    expect(linkTypeText(1)).toBe('1 (Ethernet)');
    expect(linkTypeText(276)).toBe('276 (Linux cooked v2 (SLL2))');
    expect(linkTypeText(147)).toBe('147 (not decoded)');
    expect([0, 1, 12, 14, 101, 108, 113, 228, 229, 276].every(isDecodedLinkType)).toBe(true);
    expect(isDecodedLinkType(127)).toBe(false);
  });
});
