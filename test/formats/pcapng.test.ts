import { describe, expect, it } from 'vitest';
import { pcapngFormat } from '../../shared/formats/pcapng.format';
import { ticksToMicros } from '../../shared/formats/pcapng-time';
import type { Packet } from '../../shared/model/packet';
import { allFixturePaths, ansiWrapped, crlfMangled, emailQuoted, fixture, parseBytes, probeBytes, withUint32 } from './capture-fixtures';

// Expected values are tshark 4.0.17's and `capinfos -c`'s, written down as literals (tshark is not a test
// dependency). Where tshark 4.0 and the pcapng draft disagree, the test says so and follows the draft.

const T0 = 1795546893; // the time base of ../fixtures/pcap-synthetic/generate.mjs
const parse = (path: string, chunkSize?: number) => parseBytes(pcapngFormat, fixture(path), chunkSize);
const packet = (records: Packet[], index: number) => records[index - 1];

const COUNTS: Record<string, number> = {
  'cases/hidden-hook/c2-eth0.pcapng': 43,
  'cases/output-synack/c2-eth0.pcapng': 47,
  'pcap-real/dumpcap-veth-lo.pcapng': 86,
  'pcap-real/lo-comments.pcapng': 30,
  'pcap-real/two-sections.pcapng': 116,
  'pcap-synthetic/resolutions.pcapng': 7,
};

/** Offsets and lengths of every block, read independently of the parser (little-endian files only). */
function blocks(bytes: Uint8Array): Array<{ offset: number; type: number; length: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  for (let at = 0; at + 8 <= bytes.length; at += view.getUint32(at + 4, true)) out.push({ offset: at, type: view.getUint32(at, true), length: view.getUint32(at + 4, true) });
  return out;
}

describe('pcapng: counts and streaming', () => {
  it.each(Object.entries(COUNTS))('%s holds %i packets, numbered from 1, without warnings', (path, count) => {
    const { records, warnings } = parse(path);
    expect(records.length).toBe(count);
    expect(records.map((p) => p.index)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(warnings).toEqual([]);
  });

  it.each([...Object.keys(COUNTS), 'pcap-synthetic/sections.pcapng', 'pcap-synthetic/version-2-section.pcapng'])('%s reads the same in 7-byte chunks as in one chunk', (path) => {
    expect(parse(path, 7)).toEqual(parse(path));
  });

  it('reads the same one byte at a time', () => {
    expect(parse('pcap-synthetic/sections.pcapng', 1)).toEqual(parse('pcap-synthetic/sections.pcapng'));
  });
});

describe('pcapng: the hidden-hook client capture (dumpcap 4.0.17, ns)', () => {
  const { records, meta } = parse('cases/hidden-hook/c2-eth0.pcapng');

  it('states the section and interface facts, with the capture\'s own drop counter', () => {
    expect(meta).toEqual({
      version: '1.0',
      'byte order': 'little-endian',
      shb_hardware: 'AMD EPYC (with SSE4.2)',
      shb_os: 'Linux 6.18.44-fc-v669',
      shb_userappl: 'Dumpcap (Wireshark) 4.0.17 (Git v4.0.17 packaged as 4.0.17-0+deb12u3)',
      'interface 0': 'eth0, link type 1 (Ethernet), snaplen 256, tsresol 10^-9 s, os Linux 6.18.44-fc-v669',
      'interface 0 statistics': 'ifrecv 43, ifdrop 0',
    });
  });

  it('decodes c2\'s first SYN (packet 26, 1795546896.065438124) field by field', () => {
    expect(packet(records, 26)).toEqual({
      kind: 'packet', index: 26, tUs: 1795546896065438, iface: 0, ifName: 'eth0', caplen: 74, origLen: 74, offset: 3100,
      ethSrc: '52:54:00:00:02:08', ethDst: '52:54:00:00:00:03', vlan: [], direction: null,
      l3: 'ipv4', src: '10.0.2.8', dst: '10.0.0.3', proto: 6, ipId: 0x123b, ttl: 64, ipLen: 60,
      sport: 43482, dport: 20202, tcpFlags: 0x02, seq: 2826172002, ack: 0, payloadLen: 0,
      icmpType: null, icmpCode: null, icmpId: null, icmpSeq: null, arpOp: null, comment: null, ifIndex: null,
    });
  });

  it('floors the first packet\'s ns time (…153628957) to µs', () => {
    expect(packet(records, 1)).toMatchObject({ offset: 232, tUs: 1795546893153628, l3: 'ipv6', src: '::', dst: 'ff02::1:ff00:3', ttl: 255, proto: 58, icmpType: 135 });
  });

  it('sees the six SYNs and two pings c2 sent', () => {
    expect(records.filter((p) => p.tcpFlags === 0x02 && p.dport === 20202).map((p) => p.index)).toEqual([26, 27, 30, 34, 35, 36]);
    expect(records.filter((p) => p.icmpType === 8).map((p) => [p.index, p.icmpId, p.icmpSeq])).toEqual([[37, 0x14bb, 1], [38, 0x14bb, 2]]);
  });

  it('reads the output-synack capture\'s last packet, an ARP reply', () => {
    expect(packet(parse('cases/output-synack/c2-eth0.pcapng').records, 47)).toMatchObject({ tUs: 1795546952481674, l3: 'arp', arpOp: 2, src: '10.0.2.8', dst: '10.0.0.3' });
  });
});

describe('pcapng: several interfaces, comments, several sections (real files)', () => {
  it('names each packet\'s interface (dumpcap -i hl-a -i lo)', () => {
    const { records, meta } = parse('pcap-real/dumpcap-veth-lo.pcapng');
    expect(records.filter((p) => p.ifName === 'hl-a').length).toBe(56);
    expect(records.filter((p) => p.ifName === 'lo').length).toBe(30);
    expect(packet(records, 1)).toMatchObject({ iface: 0, ifName: 'hl-a', offset: 376, tUs: 1795569931870505, src: 'fe80::886:2eff:fe4c:cba9', dst: 'ff02::2', icmpType: 133 });
    expect(packet(records, 57)).toMatchObject({ iface: 1, ifName: 'lo', offset: 7944, src: '127.0.0.1', sport: 50520, dport: 20202, tcpFlags: 0x02, seq: 2195883424 });
    expect(meta['interface 1']).toBe('lo, link type 1 (Ethernet), snaplen 200, tsresol 10^-9 s, description Loopback, filter port 20202 or port 20203 or icmp or icmp6 or udp port 5354, os Linux 6.18.44-fc-v782');
    expect(meta['interface 0 statistics']).toBe('ifrecv 56, ifdrop 0');
    expect(meta['interface 1 statistics']).toBe('ifrecv 30, ifdrop 0');
  });

  it('keeps packet comments (editcap -a)', () => {
    const { records } = parse('pcap-real/lo-comments.pcapng');
    expect(records.filter((p) => p.comment !== null).map((p) => [p.index, p.comment])).toEqual([[1, 'first packet, commented by editcap'], [3, 'second comment']]);
  });

  it('restarts interfaces at each Section Header Block but numbers them through the file', () => {
    // tshark 4.0 shows section 2's packets as interface 0 named "unknown"; the draft (section 3.4) gives them
    // section 2's IDBs. Hookline numbers interfaces file-wide so two sections' "interface 0" stay apart.
    const { records, meta } = parse('pcap-real/two-sections.pcapng');
    expect(packet(records, 30)).toMatchObject({ iface: 0, ifName: null, tUs: 1795569854117287, icmpType: 129 });
    expect(packet(records, 31)).toMatchObject({ iface: 1, ifName: 'hl-a', offset: 3740, tUs: 1795569931870505, icmpType: 133 });
    expect(packet(records, 116)).toMatchObject({ iface: 2, ifName: 'lo' });
    expect(meta).toMatchObject({
      shb_userappl: 'Editcap (Wireshark) 4.0.17 (Git v4.0.17 packaged as 4.0.17-0+deb12u3)',
      'section 2 shb_userappl': 'Dumpcap (Wireshark) 4.0.17 (Git v4.0.17 packaged as 4.0.17-0+deb12u3)',
      'section 2 shb_os': 'Linux 6.18.44-fc-v782',
      'interface 2 statistics': 'ifrecv 30, ifdrop 0',
    });
  });
});

describe('pcapng: every block type (synthetic, big-endian then little-endian section)', () => {
  const { records, warnings, meta } = parse('pcap-synthetic/sections.pcapng');

  it('reads six packets from EPBs, an SPB and an obsolete PB', () => {
    expect(records.map((p) => [p.index, p.iface, p.ifName, p.l3, p.src])).toEqual([
      [1, 0, 'eth0', 'ipv4', '10.0.2.8'],
      [2, 0, 'eth0', 'ipv4', '10.0.0.3'],
      [3, 1, 'tun0', 'ipv4', '192.0.2.1'],
      [4, 2, 'eth1', 'arp', '10.0.2.8'],
      [5, 1, 'tun0', 'ipv4', '192.0.2.1'],
      [6, 2, 'eth1', 'ipv4', '10.0.0.3'],
    ]);
  });

  it('takes direction from epb_flags / pack_flags and joins repeated comments', () => {
    expect(records.map((p) => p.direction)).toEqual(['in', 'out', null, null, null, 'out']);
    expect(packet(records, 1).comment).toBe('SYN from c2\nsecond comment');
    expect(packet(records, 6).comment).toBe('obsolete packet block');
  });

  it('applies each interface\'s resolution and offset: µs, 2^-20 s + 1000 s, ms', () => {
    expect(records.map((p) => p.tUs)).toEqual([
      T0 * 1e6 + 100,
      T0 * 1e6 + 200,
      (T0 + 1010) * 1e6 + 500000,
      (T0 + 20) * 1e6 + 123000,
      (T0 + 20) * 1e6 + 123000,
      (T0 + 21) * 1e6,
    ]);
  });

  it('states both sections, the interfaces, the ISB counters and the NRB', () => {
    expect(meta).toEqual({
      version: '1.0',
      'byte order': 'big-endian',
      shb_hardware: 'synthetic hardware',
      shb_os: 'Linux 6.18',
      shb_userappl: 'generate.mjs',
      comment: 'section one',
      'interface 0': 'eth0, link type 1 (Ethernet), snaplen 0, tsresol 10^-6 s, description uplink, filter tcp port 20202',
      'interface 0 statistics': 'ifrecv 2, ifdrop 1, osdrop 3, usrdeliv 2',
      'section 2 version': '1.0',
      'section 2 byte order': 'little-endian',
      'section 2 shb_userappl': 'generate.mjs section 2',
      'interface 1': 'tun0, link type 228 (raw IPv4), snaplen 0, tsresol 2^-20 s, tsoffset 1000 s',
      'interface 2': 'eth1, link type 1 (Ethernet), snaplen 128, tsresol 10^-3 s',
      'name resolution': '2 address records',
    });
  });

  it('says what it skipped: the SPB\'s missing time, a custom block, a DSB, a packet of an unknown interface', () => {
    expect(warnings).toEqual([
      { code: 'pcapng/simple-packet-no-time', message: 'packet 5 and every later Simple Packet Block carry no time stamp: each takes the time of the packet before it', offset: 836 },
      { code: 'pcapng/skipped-block', message: 'Custom (copiable) block (0x00000bad): not read, skipped by its length (said once per block type)', offset: 1020 },
      { code: 'pcapng/skipped-block', message: 'Decryption Secrets block (0x0000000a): not read, skipped by its length (said once per block type)', offset: 1048 },
      { code: 'pcapng/unknown-interface', message: 'Enhanced Packet Block refers to interface 9, but section 2 describes 2: packet skipped', offset: 1072 },
    ]);
  });
});

describe('pcapng: timestamps', () => {
  it('gives T0 + 0.123456789012345 s as whole µs at every resolution (tshark 4.0 gets 10^-12 and 10^-15 wrong)', () => {
    const { records } = parse('pcap-synthetic/resolutions.pcapng');
    expect(records.map((p) => [p.ifName, p.tUs])).toEqual([
      ['res0', T0 * 1e6],
      ['res3', T0 * 1e6 + 123000],
      ['res6', T0 * 1e6 + 123456],
      ['res9', T0 * 1e6 + 123456],
      ['res12', T0 * 1e6 + 123456],
      ['res15', T0 * 1e6 + 123456],
      ['res2^30', T0 * 1e6 + 123456],
    ]);
  });

  it('converts 64-bit ticks exactly, as BigInt arithmetic does', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1664525 + 1013904223) >>> 0);
    const resolutions = [0, 1, 3, 5, 6, 7, 9, 10, 12, 13, 15, 0x80 | 10, 0x80 | 20, 0x80 | 30, 0x80 | 40];
    for (const tsresol of resolutions) {
      for (let n = 0; n < 200; n++) {
        // Upper words up to 2^26 keep every result under 2^53 µs, the limit of the model's number.
        const high = next() % 2 ** 26;
        const low = next();
        const ticks = (BigInt(high) << 32n) | BigInt(low);
        const expected = tsresol & 0x80
          ? (ticks * 1000000n) >> BigInt(tsresol & 0x7f)
          : tsresol >= 6 ? ticks / 10n ** BigInt(tsresol - 6) : ticks * 10n ** BigInt(6 - tsresol);
        if (expected > BigInt(Number.MAX_SAFE_INTEGER)) continue;
        expect(ticksToMicros(high, low, tsresol)).toBe(Number(expected));
      }
    }
  });

  it('keeps the largest nanosecond time exact (2^64 - 1 ns)', () => {
    expect(ticksToMicros(0xffffffff, 0xffffffff, 9)).toBe(18446744073709551);
  });
});

describe('pcapng: sections of another version are skipped (section 3.4)', () => {
  it('reads sections 1 and 3 around a version 2.0 section, and says so', () => {
    // tshark 4.0 stops at section 2 ("unknown SHB version 2.0").
    const { records, warnings, meta } = parse('pcap-synthetic/version-2-section.pcapng');
    // Section 2's interface block is skipped unread, so section 3's interface is the file's second one.
    expect(records.map((p) => [p.index, p.tUs, p.ifName, p.iface])).toEqual([[1, T0 * 1e6, null, 0], [2, (T0 + 2) * 1e6, 'after', 1]]);
    expect(warnings).toEqual([{ code: 'pcapng/unsupported-version', message: 'section 2 is pcapng version 2.0: its blocks are skipped', offset: 120 }]);
    expect(meta).toMatchObject({ 'section 2 version': '2.0', 'section 3 version': '1.0' });
  });
});

describe('pcapng: probe', () => {
  it.each([...Object.keys(COUNTS), 'pcap-synthetic/sections.pcapng', 'pcap-synthetic/version-2-section.pcapng'])('claims %s with certainty', (path) => {
    expect(probeBytes(pcapngFormat, fixture(path))).toBe(1);
  });

  it('claims no other fixture (pcap files, text samples)', () => {
    const others = allFixturePaths().filter((p) => !p.endsWith('.pcapng'));
    expect(others.length).toBeGreaterThan(50);
    expect(others.filter((p) => probeBytes(pcapngFormat, fixture(p)) !== 0)).toEqual([]);
  });

  it('says 0 for empty, 1 byte, 11 bytes, and for text-mode, email-quoted or colour-wrapped copies', () => {
    const real = fixture('cases/hidden-hook/c2-eth0.pcapng');
    // The SHB type 0x0A0D0D0A is made of CR and LF so that any line-ending conversion destroys it (section 4.1).
    for (const bytes of [new Uint8Array(0), Uint8Array.of(0x0a), real.subarray(0, 11), crlfMangled(real), emailQuoted(real), ansiWrapped(real)]) {
      expect(probeBytes(pcapngFormat, bytes)).toBe(0);
    }
  });
});

describe('pcapng: damaged input never throws and says where', () => {
  const real = fixture('cases/hidden-hook/c2-eth0.pcapng');
  const original = parseBytes(pcapngFormat, real).records;
  const layout = blocks(real);
  const epb26 = layout.find((b) => b.offset === 3100)!;

  it('empty and 1 byte: no packets, no section', () => {
    expect(parseBytes(pcapngFormat, new Uint8Array(0))).toEqual({ records: [], warnings: [], meta: {} });
    expect(parseBytes(pcapngFormat, Uint8Array.of(0x0a))).toEqual({
      records: [], meta: {}, warnings: [{ code: 'pcapng/truncated-block', message: 'file ends inside a block header (1 of 8 bytes); 0 packets read', offset: 0 }],
    });
  });

  it('a text-mode copy (LF → CR LF): no section header, a warning at byte 0', () => {
    expect(parseBytes(pcapngFormat, crlfMangled(real))).toMatchObject({ records: [], warnings: [{ code: 'pcapng/no-section-header', offset: 0 }] });
  });

  it('cut inside packet 26: the 25 packets before it, and its block offset', () => {
    const { records, warnings } = parseBytes(pcapngFormat, real.subarray(0, 3100 + 40), 7);
    expect(records).toEqual(original.slice(0, 25));
    expect(warnings).toEqual([{ code: 'pcapng/truncated-block', message: `file ends inside a ${epb26.length}-byte Enhanced Packet Block; 25 packets read`, offset: 3100 }]);
  });

  it('cut inside the trailing statistics block: all 43 packets, a warning at that block', () => {
    const isb = layout.find((b) => b.type === 5)!;
    const { records, warnings } = parseBytes(pcapngFormat, real.subarray(0, isb.offset + 20), 7);
    expect(records).toEqual(original);
    expect(warnings).toMatchObject([{ code: 'pcapng/truncated-block', offset: isb.offset }]);
  });

  it.each([
    ['not a multiple of 4', epb26.length + 2],
    ['shorter than a block header', 8],
    ['larger than 256 MiB', 0x10000004],
  ])('a block length %s: the 25 packets before it, then a stop', (_what, length) => {
    const { records, warnings } = parseBytes(pcapngFormat, withUint32(real, 3104, length, true));
    expect(records).toEqual(original.slice(0, 25));
    expect(warnings).toEqual([{ code: 'pcapng/bad-block-length', message: `Enhanced Packet Block claims ${length} bytes (a block is a multiple of 4, from 12 bytes to 256 MiB): reading stops; 25 packets read`, offset: 3100 }]);
  });

  it('a trailing length that differs from the leading one: a stop at that block', () => {
    const { records, warnings } = parseBytes(pcapngFormat, withUint32(real, 3100 + epb26.length - 4, 999, true));
    expect(records).toEqual(original.slice(0, 25));
    expect(warnings).toEqual([{
      code: 'pcapng/length-mismatch',
      message: `Enhanced Packet Block starts with length ${epb26.length} but ends with 999: the file is damaged here, reading stops; 25 packets read`,
      offset: 3100,
    }]);
  });

  it('a captured length larger than its block: that packet skipped, the rest read', () => {
    const { records, warnings } = parseBytes(pcapngFormat, withUint32(real, 3100 + 20, 5000, true));
    expect(records.length).toBe(42);
    expect(records[25]).toMatchObject({ index: 26, ipId: original[26].ipId });
    expect(warnings).toMatchObject([{ code: 'pcapng/bad-captured-length', offset: 3100 }]);
  });

  it('an option running past its block: the packet kept, its options ignored', () => {
    // sections.pcapng packet 1 (big-endian EPB at byte 168): epb_flags is the first option, after 28 bytes of
    // header and 54 bytes of data padded to 56; its length field says 200.
    const synthetic = fixture('pcap-synthetic/sections.pcapng');
    const bytes = synthetic.slice();
    new DataView(bytes.buffer).setUint16(168 + 28 + 56 + 2, 200, false);
    const { records, warnings } = parseBytes(pcapngFormat, bytes);
    expect(records.length).toBe(6);
    expect(records[0]).toMatchObject({ src: '10.0.2.8', dport: 20202, direction: null, comment: null });
    expect(warnings[0]).toEqual({ code: 'pcapng/bad-option', message: "option 2 of 200 bytes runs past the end of its block; the block's remaining options are ignored", offset: 168 });
  });

  it('garbage after the section and interface blocks: a warning, no packets', () => {
    const head = real.subarray(0, 232);
    const bytes = new Uint8Array(232 + 64).fill(0x41);
    bytes.set(head);
    const { records, warnings } = parseBytes(pcapngFormat, bytes);
    expect(records).toEqual([]);
    expect(warnings).toMatchObject([{ code: 'pcapng/bad-block-length', offset: 232 }]);
  });

  it('30 packets of an interface that does not exist: 20 warnings listed, the rest counted', () => {
    const epb = real.slice(3100, 3100 + epb26.length);
    new DataView(epb.buffer).setUint32(8, 7, true);
    const bytes = new Uint8Array(232 + 30 * epb.length);
    bytes.set(real.subarray(0, 232));
    for (let i = 0; i < 30; i++) bytes.set(epb, 232 + i * epb.length);
    const { records, warnings } = parseBytes(pcapngFormat, bytes);
    expect(records).toEqual([]);
    expect(warnings.length).toBe(21);
    expect(warnings[19]).toMatchObject({ code: 'pcapng/unknown-interface', offset: 232 + 19 * epb.length });
    expect(warnings[20]).toEqual({ code: 'pcapng/unknown-interface', message: '10 more warnings like the ones above (30 in all)' });
  });

  it('one 20 MB packet, read in 4 KiB chunks', () => {
    const data = new Uint8Array(20_000_000);
    data.set(real.subarray(3100 + 28, 3100 + 28 + 74));
    const body = new Uint8Array(20 + data.length + 4);
    const view = new DataView(body.buffer);
    view.setUint32(12, data.length, true);
    view.setUint32(16, data.length, true);
    body.set(data, 20);
    const block = new Uint8Array(8 + body.length + 4);
    const blockView = new DataView(block.buffer);
    blockView.setUint32(0, 6, true);
    blockView.setUint32(4, block.length, true);
    block.set(body, 8);
    blockView.setUint32(block.length - 4, block.length, true);
    const bytes = new Uint8Array(232 + block.length);
    bytes.set(real.subarray(0, 232));
    bytes.set(block, 232);
    const { records, warnings } = parseBytes(pcapngFormat, bytes, 4096);
    expect(warnings).toEqual([]);
    expect(records).toMatchObject([{ caplen: 20_000_000, src: '10.0.2.8', dport: 20202, tcpFlags: 0x02, tUs: 0 }]);
  });

  it('20 random bit flips: never an exception, every packet still numbered in order', () => {
    let seed = 1234;
    const next = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
    for (let round = 0; round < 50; round++) {
      const flipped = real.slice();
      for (let i = 0; i < 20; i++) flipped[Math.floor(next() * flipped.length)] ^= 1 << Math.floor(next() * 8);
      const { records } = parseBytes(pcapngFormat, flipped, 7);
      expect(records.map((p) => p.index)).toEqual(records.map((_, i) => i + 1));
    }
  });
});
