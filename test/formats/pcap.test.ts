import { describe, expect, it } from 'vitest';
import { pcapFormat } from '../../shared/formats/pcap.format';
import type { Packet } from '../../shared/model/packet';
import { allFixturePaths, ansiWrapped, crlfMangled, emailQuoted, fixture, parseBytes, probeBytes, withUint32 } from './capture-fixtures';

// Expected values are tshark 4.0.17's (`tshark -r FILE -T fields -e frame.time_epoch -e ip.id -e tcp.seq_raw …`,
// IP reassembly off) and counts are `capinfos -c`, written down as literals: tshark is not a test dependency.

const T0 = 1795546893; // the time base of ../fixtures/pcap-synthetic/generate.mjs
const parse = (path: string, chunkSize?: number) => parseBytes(pcapFormat, fixture(path), chunkSize);
const packet = (records: Packet[], index: number) => records[index - 1];

/** Every pcap fixture and its `capinfos -c` count. */
const COUNTS: Record<string, number> = {
  'cases/hidden-hook/srv-eth0.pcap': 51,
  'cases/output-synack/srv-eth0.pcap': 54,
  'cases/seed-centos7/srv-tcpdump.pcap': 51,
  'pcap-real/lo-ethernet.pcap': 30,
  'pcap-real/lo-ethernet-nanos.pcap': 30,
  'pcap-real/lo-rawip.pcap': 30,
  'pcap-real/veth-ethernet-s200.pcap': 55,
  'pcap-real/veth-any-sll2.pcap': 54,
  'pcap-real/veth-any-sll.pcap': 54,
  'pcap-synthetic/ethernet-variants-be.pcap': 16,
  'pcap-synthetic/raw-ip-nanos.pcap': 2,
  'pcap-synthetic/raw-ipv4-228.pcap': 1,
  'pcap-synthetic/raw-ipv6-229.pcap': 1,
  'pcap-synthetic/raw-dlt12.pcap': 2,
  'pcap-synthetic/raw-dlt14.pcap': 1,
  'pcap-synthetic/null-loopback.pcap': 3,
  'pcap-synthetic/loop-openbsd.pcap': 2,
};

describe('pcap: counts and streaming', () => {
  it.each(Object.entries(COUNTS))('%s holds %i packets, numbered from 1, without warnings', (path, count) => {
    const { records, warnings } = parse(path);
    expect(records.length).toBe(count);
    expect(records.map((p) => p.index)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(warnings).toEqual([]);
  });

  it.each(Object.keys(COUNTS))('%s reads the same in 7-byte chunks as in one chunk', (path) => {
    expect(parse(path, 7)).toEqual(parse(path));
  });

  it('reads the same one byte at a time', () => {
    expect(parse('pcap-real/veth-any-sll2.pcap', 1)).toEqual(parse('pcap-real/veth-any-sll2.pcap'));
  });
});

describe('pcap: the hidden-hook server capture (tcpdump, µs, Ethernet, snaplen 256)', () => {
  const { records, meta } = parse('cases/hidden-hook/srv-eth0.pcap');

  it('states the file header facts', () => {
    expect(meta).toEqual({ version: '2.4', 'byte order': 'little-endian', 'time precision': 'microseconds', snaplen: '256', 'link type': '1 (Ethernet)' });
  });

  it('decodes c2\'s first SYN (packet 32) field by field', () => {
    expect(packet(records, 32)).toEqual({
      kind: 'packet', index: 32, tUs: 1795546896065443, iface: 0, ifName: null, caplen: 74, origLen: 74, offset: 3013,
      ethSrc: '52:54:00:00:02:08', ethDst: '52:54:00:00:00:03', vlan: [], direction: null,
      l3: 'ipv4', src: '10.0.2.8', dst: '10.0.0.3', proto: 6, ipId: 0x123b, ttl: 64, ipLen: 60,
      sport: 43482, dport: 20202, tcpFlags: 0x02, seq: 2826172002, ack: 0, payloadLen: 0,
      icmpType: null, icmpCode: null, icmpId: null, icmpSeq: null, arpOp: null, comment: null, ifIndex: null,
    });
  });

  it('decodes c1\'s exchange: SYN, 3 bytes up, 8 bytes down', () => {
    expect(packet(records, 22)).toMatchObject({ tUs: 1795546895557766, src: '10.0.2.7', sport: 55338, dport: 20202, ipId: 0x4979, tcpFlags: 0x02, seq: 545507758 });
    expect(packet(records, 25)).toMatchObject({ ipLen: 55, tcpFlags: 0x18, seq: 545507759, ack: 2636786553, payloadLen: 3 });
    expect(packet(records, 27)).toMatchObject({ src: '10.0.0.3', dst: '10.0.2.7', ipId: 0xfc17, tcpFlags: 0x18, seq: 2636786553, ack: 545507762, payloadLen: 8 });
  });

  it('decodes c2\'s ping (packet 43): echo request id 0x14bb seq 1', () => {
    expect(packet(records, 43)).toMatchObject({ offset: 3983, tUs: 1795546903077679, proto: 1, ipId: 0xc66e, ipLen: 84, icmpType: 8, icmpCode: 0, icmpId: 0x14bb, icmpSeq: 1, sport: null });
  });

  it('walks the hop-by-hop header of an MLDv2 report (packet 2) to ICMPv6', () => {
    expect(packet(records, 2)).toMatchObject({ offset: 126, l3: 'ipv6', src: '::', dst: 'ff02::16', ttl: 1, ipLen: 96, proto: 58, icmpType: 143, icmpCode: 0 });
  });

  it('gives the six SYNs of c2 the six IP IDs tshark shows', () => {
    const syns = records.filter((p) => p.src === '10.0.2.8' && p.tcpFlags === 0x02);
    expect(syns.map((p) => [p.index, p.ipId])).toEqual([[32, 0x123b], [33, 0x123c], [37, 0x123d], [40, 0x123e], [41, 0x123f], [42, 0x1240]]);
  });
});

describe('pcap: time precision', () => {
  it('keeps µs as written', () => {
    expect(packet(parse('pcap-real/lo-ethernet.pcap').records, 1).tUs).toBe(1795569853954767);
  });

  it('floors nanoseconds to µs (tshark: 1795569857.126659347 → …126659)', () => {
    const { records, meta } = parse('pcap-real/lo-ethernet-nanos.pcap');
    expect(meta['time precision']).toBe('nanoseconds');
    expect(packet(records, 15)).toMatchObject({ offset: 1196, tUs: 1795569857126659, proto: 1, icmpType: 8, icmpId: 0x4242, icmpSeq: 1 });
    expect(packet(records, 29)).toMatchObject({ tUs: 1795569857219123, l3: 'ipv6', src: '::1', icmpType: 128, icmpId: 0x4343, icmpSeq: 1 });
  });

  it('floors 999999999 ns to 999999 µs, not up to the next second', () => {
    expect(parse('pcap-synthetic/raw-ip-nanos.pcap').records.map((p) => p.tUs)).toEqual([T0 * 1e6 + 123456, T0 * 1e6 + 999999]);
  });
});

describe('pcap: Linux cooked captures (tcpdump -i any)', () => {
  it('SLL2 gives direction, interface index and sender MAC (ARP request out, reply in)', () => {
    const { records, meta } = parse('pcap-real/veth-any-sll2.pcap');
    expect(meta['link type']).toBe('276 (Linux cooked v2 (SLL2))');
    expect(packet(records, 1)).toEqual({
      kind: 'packet', index: 1, tUs: 1795569907202286, iface: 0, ifName: null, caplen: 48, origLen: 48, offset: 24,
      ethSrc: '96:be:c6:6f:7f:ae', ethDst: null, vlan: [], direction: 'out',
      l3: 'arp', src: '10.99.0.1', dst: '10.99.0.2', proto: null, ipId: null, ttl: null, ipLen: null,
      sport: null, dport: null, tcpFlags: null, seq: null, ack: null, payloadLen: null,
      icmpType: null, icmpCode: null, icmpId: null, icmpSeq: null, arpOp: 1, comment: null, ifIndex: 6,
    });
    expect(packet(records, 2)).toMatchObject({ offset: 88, direction: 'in', ethSrc: '0a:86:2e:4c:cb:a9', arpOp: 2, src: '10.99.0.2', ifIndex: 6 });
  });

  it('SLL2 keeps a GSO frame\'s real lengths when the snaplen cut it to 200 bytes', () => {
    expect(packet(parse('pcap-real/veth-any-sll2.pcap').records, 14)).toMatchObject({
      offset: 1066, caplen: 200, origLen: 7312, direction: 'out', ipId: 0x4318, ipLen: 7292, tcpFlags: 0x18, seq: 401051176, ack: 3484073580, payloadLen: 7240,
    });
  });

  it('SLL (v1) gives direction and sender MAC but no interface index', () => {
    const { records, meta } = parse('pcap-real/veth-any-sll.pcap');
    expect(meta['link type']).toBe('113 (Linux cooked (SLL))');
    expect(packet(records, 1)).toMatchObject({ tUs: 1795569911066176, direction: 'out', ethSrc: '96:be:c6:6f:7f:ae', ethDst: null, arpOp: 1, ifIndex: null });
    expect(packet(records, 2)).toMatchObject({ direction: 'in', ethSrc: '0a:86:2e:4c:cb:a9', arpOp: 2 });
    expect(records.filter((p) => p.direction === 'out').length + records.filter((p) => p.direction === 'in').length).toBe(54);
  });
});

describe('pcap: fragments, GSO and snaplen on a real veth capture', () => {
  const { records } = parse('pcap-real/veth-ethernet-s200.pcap');

  it('gives ports and the datagram length to the first IPv4 fragment only', () => {
    expect(packet(records, 26)).toMatchObject({ ipId: 0x2176, ipLen: 1500, proto: 17, sport: 38372, dport: 9, payloadLen: 3000 });
    expect(packet(records, 27)).toMatchObject({ ipId: 0x2176, ipLen: 1500, proto: 17, sport: null, dport: null, payloadLen: null });
  });

  it('gives ports to the first IPv6 fragment only, and the upper protocol to both', () => {
    expect(packet(records, 52)).toMatchObject({ l3: 'ipv6', ipLen: 1496, proto: 17, sport: 43476, dport: 9, payloadLen: 3000 });
    expect(packet(records, 53)).toMatchObject({ l3: 'ipv6', ipLen: 1496, proto: 17, sport: null, payloadLen: null });
  });

  it('reads a 7306-byte GSO frame cut to 200 bytes by its IP length', () => {
    expect(packet(records, 15)).toMatchObject({ caplen: 200, origLen: 7306, ipLen: 7292, seq: 782332873, ack: 3527049653, payloadLen: 7240 });
  });
});

describe('pcap: synthetic big-endian Ethernet variants', () => {
  const { records, meta } = parse('pcap-synthetic/ethernet-variants-be.pcap');
  const at = (i: number) => ({ tUs: (T0 + i - 1) * 1e6 + 1000 * (i - 1) + 1 });

  it('reads a big-endian header', () => {
    expect(meta).toMatchObject({ 'byte order': 'big-endian', version: '2.4', snaplen: '65535' });
  });

  it.each([
    [1, '802.1Q tag 100, TCP SYN with an MSS option', { offset: 24, vlan: [100], l3: 'ipv4', ipId: 0x1234, sport: 40000, dport: 20202, tcpFlags: 0x02, seq: 1000, payloadLen: 0 }],
    [2, 'QinQ 802.1ad 200 + 802.1Q 300, UDP', { vlan: [200, 300], proto: 17, sport: 5000, dport: 53, payloadLen: 12 }],
    [3, 'TPID 0x9100 tag 7, ICMP echo', { vlan: [7], proto: 1, icmpType: 8, icmpCode: 0, icmpId: 0x77, icmpSeq: 3 }],
    [4, '802.3 + LLC/SNAP, UDP', { vlan: [], l3: 'ipv4', proto: 17, sport: 6000, dport: 7, payloadLen: 4 }],
    [5, 'ARP request', { l3: 'arp', arpOp: 1, src: '10.0.0.3', dst: '10.0.0.1', ethDst: 'ff:ff:ff:ff:ff:ff', proto: null }],
    [6, 'IPv4 options (IHL 6), PSH+ACK with 10 bytes', { ipLen: 54, ttl: 1, tcpFlags: 0x18, seq: 5000, ack: 7000, payloadLen: 10 }],
    [7, 'first IPv4 fragment', { ipId: 0x0707, sport: 7000, dport: 9, payloadLen: 3000 }],
    [8, 'later IPv4 fragment', { ipId: 0x0707, proto: 17, sport: null, dport: null, payloadLen: null }],
    [9, 'IPv6 hop-by-hop + destination options, TCP SYN-ACK', { l3: 'ipv6', src: 'fd00::3', dst: 'fd00::8', ipLen: 76, proto: 6, sport: 20202, dport: 40002, tcpFlags: 0x12, seq: 0xfffffff0, ack: 1001, payloadLen: 0, ipId: null }],
    [10, 'first IPv6 fragment', { proto: 17, sport: 7001, dport: 9, payloadLen: 3000 }],
    [11, 'later IPv6 fragment', { proto: 17, sport: null, payloadLen: null }],
    [12, 'IPv6 AH, ICMPv6 echo reply', { proto: 58, icmpType: 129, icmpId: 0x4343, icmpSeq: 9 }],
    [13, 'TSO: IPv4 total length 0', { ipLen: 140, payloadLen: 100, tcpFlags: 0x10 }],
    [14, 'snaplen cut inside the TCP header', { caplen: 44, origLen: 1514, ipLen: 1500, sport: 40003, dport: 20202, tcpFlags: null, seq: null, payloadLen: null }],
    [15, 'ICMPv6 echo request', { ttl: 255, proto: 58, icmpType: 128, icmpId: 0x4343, icmpSeq: 10 }],
    [16, 'LLDP: not IP', { l3: 'other', src: null, proto: null, ethDst: '01:80:c2:00:00:0e' }],
  ] as const)('packet %i: %s', (index, _what, expected) => {
    expect(packet(records, index)).toMatchObject({ index, ...at(index), ...expected });
  });
});

describe('pcap: raw IP and loopback link types', () => {
  const v4 = { l3: 'ipv4', src: '192.0.2.1', dst: '198.51.100.7', proto: 6, ipId: 0x0101, ttl: 63, sport: 33000, dport: 443, tcpFlags: 0x02, seq: 42, ethSrc: null };
  const v6 = { l3: 'ipv6', src: '2001:db8::1', dst: '2001:db8:0:1::53', proto: 17, ttl: 60, ipLen: 53, sport: 33001, dport: 53, payloadLen: 5 };

  it.each([
    ['pcap-synthetic/raw-ipv4-228.pcap', '228 (raw IPv4)', [v4]],
    ['pcap-synthetic/raw-ipv6-229.pcap', '229 (raw IPv6)', [v6]],
    ['pcap-synthetic/raw-dlt12.pcap', '12 (raw IP)', [v4, v6]],
    ['pcap-synthetic/raw-dlt14.pcap', '14 (raw IP)', [v4]],
    ['pcap-synthetic/raw-ip-nanos.pcap', '101 (raw IP)', [v4, v6]],
    ['pcap-synthetic/null-loopback.pcap', '0 (BSD loopback (NULL))', [v4, v6, v4]],
    ['pcap-synthetic/loop-openbsd.pcap', '108 (OpenBSD loopback (LOOP))', [v4, v6]],
  ] as const)('%s (link type %s)', (path, linkType, expected) => {
    const { records, meta } = parse(path);
    expect(meta['link type']).toBe(linkType);
    expect(records).toMatchObject(expected);
  });

  it('reads the real lo capture with its Ethernet header cut off (LINKTYPE_RAW 101)', () => {
    const { records } = parse('pcap-real/lo-rawip.pcap');
    expect(packet(records, 1)).toMatchObject({ caplen: 60, origLen: 74, src: '127.0.0.1', ipId: 0xcd89, sport: 45592, dport: 20202, seq: 2643613568, ethSrc: null });
    expect(packet(records, 19)).toMatchObject({ l3: 'ipv6', src: '::1', dst: '::1', sport: 47528, tcpFlags: 0x02, seq: 1658606129, ipLen: 80 });
  });

  it('keeps an unknown link type\'s packets with times and lengths only, and says so', () => {
    const bytes = withUint32(fixture('cases/hidden-hook/srv-eth0.pcap'), 20, 147, true);
    const { records, warnings } = parseBytes(pcapFormat, bytes);
    expect(records.length).toBe(51);
    expect(records[31]).toMatchObject({ tUs: 1795546896065443, caplen: 74, l3: 'other', src: null, ethSrc: null });
    expect(warnings).toEqual([{ code: 'pcap/unknown-link-type', message: 'link type 147 is not decoded: packets keep their times and lengths only', offset: 20 }]);
  });

  it('reads the link type from the low 16 bits when the FCS bits are set', () => {
    // P bit (0x04000000) with an FCS length of 2 half-words (0x20000000): Ethernet with a 4-byte FCS.
    const bytes = withUint32(fixture('cases/hidden-hook/srv-eth0.pcap'), 20, 0x24000001, true);
    expect(packet(parseBytes(pcapFormat, bytes).records, 32)).toMatchObject({ src: '10.0.2.8', dport: 20202 });
  });
});

describe('pcap: probe', () => {
  it.each(Object.keys(COUNTS))('claims %s with certainty', (path) => {
    expect(probeBytes(pcapFormat, fixture(path))).toBe(1);
  });

  it('claims no other fixture (pcapng files, text samples)', () => {
    const others = allFixturePaths().filter((p) => !p.endsWith('.pcap'));
    expect(others.length).toBeGreaterThan(50);
    expect(others.filter((p) => probeBytes(pcapFormat, fixture(p)) !== 0)).toEqual([]);
  });

  it('says 0 for empty, 1-byte, 3-byte, email-quoted and colour-wrapped input', () => {
    const real = fixture('cases/hidden-hook/srv-eth0.pcap');
    for (const bytes of [new Uint8Array(0), Uint8Array.of(0xd4), real.subarray(0, 3), emailQuoted(real), ansiWrapped(real)]) {
      expect(probeBytes(pcapFormat, bytes)).toBe(0);
    }
  });
});

describe('pcap: damaged input never throws and says where', () => {
  const real = fixture('cases/hidden-hook/srv-eth0.pcap');
  const original = parseBytes(pcapFormat, real).records;

  it('empty: no packets, a warning at byte 0', () => {
    expect(parseBytes(pcapFormat, new Uint8Array(0))).toEqual({
      records: [], meta: {}, warnings: [{ code: 'pcap/truncated-header', message: 'file ends after 0 bytes, inside the 24-byte pcap file header', offset: 0 }],
    });
  });

  it('1 byte, or 23 bytes of a real header: no packets, a warning at byte 0', () => {
    for (const bytes of [Uint8Array.of(0xd4), real.subarray(0, 23)]) {
      const { records, warnings } = parseBytes(pcapFormat, bytes);
      expect(records).toEqual([]);
      expect(warnings).toMatchObject([{ code: 'pcap/truncated-header', offset: 0 }]);
    }
  });

  it('a header and nothing else: no packets, no warning', () => {
    expect(parseBytes(pcapFormat, real.subarray(0, 24))).toMatchObject({ records: [], warnings: [] });
  });

  it('not a pcap at all: a warning, no packets', () => {
    expect(parseBytes(pcapFormat, new TextEncoder().encode('# iptables-save v1.8.7 on Tue\n*filter\n:INPUT ACCEPT [0:0]\n'))).toMatchObject({
      records: [], warnings: [{ code: 'pcap/bad-magic', offset: 0 }],
    });
  });

  it('garbage after the header: reading stops at byte 24 with a warning', () => {
    const bytes = new Uint8Array(24 + 100).fill(0xff);
    bytes.set(real.subarray(0, 24));
    const { records, warnings } = parseBytes(pcapFormat, bytes);
    expect(records).toEqual([]);
    expect(warnings).toEqual([{ code: 'pcap/bad-record-length', message: 'record claims 4294967295 captured bytes (more than 256 MiB): not a packet record, reading stops; 0 packets read', offset: 24 }]);
  });

  it('cut inside the last packet\'s data: the 50 packets before it, and the last record\'s offset', () => {
    const { records, warnings } = parseBytes(pcapFormat, real.subarray(0, real.length - 10), 7);
    expect(records).toEqual(original.slice(0, 50));
    expect(warnings).toEqual([{ code: 'pcap/truncated-record', message: 'file ends inside packet 51 (70 bytes captured, 60 present); 50 packets read', offset: original[50].offset }]);
  });

  it('cut inside a record header: the packets before it, and that record\'s offset', () => {
    const cut = original[40].offset + 7;
    const { records, warnings } = parseBytes(pcapFormat, real.subarray(0, cut), 7);
    expect(records).toEqual(original.slice(0, 40));
    expect(warnings).toEqual([{ code: 'pcap/truncated-record', message: 'file ends inside a record header (7 of 16 bytes); 40 packets read', offset: original[40].offset }]);
  });

  it('a record claiming more than 256 MiB: the packets before it, then a stop', () => {
    const bytes = withUint32(real, 126 + 8, 0x10000001, true);
    const { records, warnings } = parseBytes(pcapFormat, bytes);
    expect(records).toEqual(original.slice(0, 1));
    expect(warnings).toMatchObject([{ code: 'pcap/bad-record-length', offset: 126 }]);
  });

  it('one 5 MB record between two normal ones, read in 4 KiB chunks', () => {
    const ping = real.subarray(original[42].offset + 16, original[42].offset + 16 + 98);
    const huge = new Uint8Array(5_000_000);
    huge.set(ping);
    const header = new Uint8Array(16);
    new DataView(header.buffer).setUint32(8, huge.length, true);
    new DataView(header.buffer).setUint32(12, huge.length, true);
    const second = real.subarray(original[43].offset, original[44].offset);
    const bytes = new Uint8Array(24 + 16 + huge.length + second.length);
    bytes.set(real.subarray(0, 24));
    bytes.set(header, 24);
    bytes.set(huge, 40);
    bytes.set(second, 40 + huge.length);
    const { records, warnings } = parseBytes(pcapFormat, bytes, 4096);
    expect(warnings).toEqual([]);
    expect(records.map((p) => [p.index, p.caplen, p.icmpId, p.icmpSeq, p.offset])).toEqual([[1, 5_000_000, 0x14bb, 1, 24], [2, 98, 0x14bb, 2, 5_000_040]]);
  });

  it('a copy sent through a text-mode transfer (LF → CR LF): packets before the first damaged byte as they were', () => {
    const mangled = crlfMangled(real);
    const firstLf = real.indexOf(0x0a);
    const { records } = parseBytes(pcapFormat, mangled);
    const intact = original.filter((p) => p.offset + 16 + p.caplen <= firstLf);
    expect(records.slice(0, intact.length)).toEqual(intact);
  });

  it('email-quoted and colour-wrapped copies: a warning, no packets', () => {
    for (const bytes of [emailQuoted(real), ansiWrapped(real)]) {
      expect(parseBytes(pcapFormat, bytes)).toMatchObject({ records: [], warnings: [{ code: 'pcap/bad-magic', offset: 0 }] });
    }
  });

  it('20 random bit flips: never an exception, every packet still numbered in order', () => {
    let seed = 99;
    const next = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
    for (let round = 0; round < 50; round++) {
      const flipped = real.slice();
      for (let i = 0; i < 20; i++) flipped[Math.floor(next() * flipped.length)] ^= 1 << Math.floor(next() * 8);
      const { records } = parseBytes(pcapFormat, flipped, 7);
      expect(records.map((p) => p.index)).toEqual(records.map((_, i) => i + 1));
    }
  });
});
