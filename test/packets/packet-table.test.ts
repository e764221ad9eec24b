import { describe, expect, it } from 'vitest';
import { createPacket } from '../../shared/model/packet';
import { PacketTable } from '../../shared/model/packet-table';
import { packetsOf } from '../../shared/model/packets-of';
import { pcapFormat } from '../../shared/formats/pcap.format';
import { parseBytes } from '../formats/capture-fixtures';
import { buildPcap } from './pcap-builder';

describe('PacketTable', () => {
  it('keeps every field of every row across block boundaries (200 000 packets)', () => {
    const table = new PacketTable();
    const want = (k: number) => {
      const p = createPacket(k + 1, 24 + k * 70, 1.7e15 + k * 3, k % 3, k % 3 === 1 ? 'eth1' : null, 70, 1500);
      Object.assign(p, { l3: 'ipv4', src: `10.0.${k % 7}.1`, dst: `10.1.0.${k % 250}`, proto: k % 2 ? 6 : 1, ipId: k & 0xffff, ttl: 64, ipLen: 1480 });
      if (k % 2) Object.assign(p, { sport: 1024 + (k % 60000), dport: 443, tcpFlags: k % 256, seq: (k * 2654435761) >>> 0, ack: k, payloadLen: 1440 });
      else Object.assign(p, { icmpType: 8, icmpCode: 0, icmpId: k % 65536, icmpSeq: (k * 7) % 65536 });
      if (k % 1000 === 0) Object.assign(p, { vlan: [100, 200], comment: `row ${k}`, direction: 'in', ethSrc: '02:00:00:00:00:01' });
      return p;
    };
    const n = 200_000;
    for (let k = 0; k < n; k++) table.append(want(k));
    expect(table.length).toBe(n);
    expect(table.blocks.length).toBe(Math.ceil(n / 65536));
    for (const k of [0, 1, 255, 256, 65535, 65536, 65537, 131072, 199_000, n - 1]) expect(table.packetAt(k)).toEqual(want(k));
    expect(table.page(65530, 65540).map((p) => p.index)).toEqual(Array.from({ length: 10 }, (_, i) => 65531 + i));
    expect(table.addressCount).toBe(7 + 250);
  });

  it('is what the pcap reader yields: one table, counted as its packets', () => {
    const bytes = buildPcap([
      { tUs: 1e15, src: '10.0.0.1', dst: '10.0.0.2', proto: 6, sport: 1000, dport: 80, flags: 0x02, ipId: 7 },
      { tUs: 1e15 + 5, src: '10.0.0.2', dst: '10.0.0.1', proto: 6, sport: 80, dport: 1000, flags: 0x12, ipId: 8 },
    ]);
    const records = [...pcapFormat.parse({ name: 'x', size: bytes.length, chunks: () => [bytes] }, { warn: () => {}, meta: () => {} })];
    expect(records).toHaveLength(1);
    expect(records[0].kind).toBe('packet-table');
    expect(pcapFormat.count!(records[0])).toBe(2);
    expect(packetsOf(records).map((p) => [p.index, p.src, p.sport, p.tcpFlags, p.ipId])).toEqual([[1, '10.0.0.1', 1000, 2, 7], [2, '10.0.0.2', 80, 0x12, 8]]);
    expect(parseBytes(pcapFormat, bytes).records).toHaveLength(2);
  });

  it('stores each block at the width its values need, sharing one array for a column of one value', () => {
    const table = new PacketTable();
    const n = 3 * 65536;
    for (let k = 0; k < n; k++) {
      const p = createPacket(k + 1, 24 + k * 144, 1.7e15 + k * 11, 0, null, 128, 1514);
      // Block 0: ports under 256; block 1: 16-bit; block 2: a sequence number past 2^16 and 2^31.
      const block = Math.floor(k / 65536);
      Object.assign(p, { l3: 'ipv4', src: '10.0.0.1', dst: '10.0.0.3', proto: 6, ttl: 64, sport: block === 0 ? k % 200 : 1024 + (k % 60000), dport: 5001, tcpFlags: 0x10 });
      if (block === 2) Object.assign(p, { seq: (0x80000000 + k * 1448) >>> 0, ack: 1 });
      table.append(p);
    }
    const [b0, b1, b2] = table.blocks;
    expect([b0.portA.BYTES_PER_ELEMENT, b1.portA.BYTES_PER_ELEMENT, b2.seq.BYTES_PER_ELEMENT]).toEqual([1, 2, 4]);
    // One value in every row of every block: the same array, not three copies.
    expect(b0.dst).toBe(b1.dst);
    expect(b0.portB).toBe(b2.portB);
    expect(b0.t).toBeInstanceOf(Uint32Array);
    // pcap records follow each other: no offset per row, a mark every 64 rows; the frame length is shared too.
    expect(b0.offset).toBeNull();
    expect(b0.origLenOverIp).toBe(b2.origLenOverIp);
    for (const k of [0, 65535, 65536, 131071, 131072, n - 1]) {
      const p = table.packetAt(k);
      expect([p.tUs, p.offset, p.dport, p.ttl]).toEqual([1.7e15 + k * 11, 24 + k * 144, 5001, 64]);
      if (k >= 131072) expect(p.seq).toBe((0x80000000 + k * 1448) >>> 0);
    }
  });

  it('keeps offsets that do not follow from the lengths (pcapng blocks between packets), and lengths exactly', () => {
    const table = new PacketTable();
    const rows = Array.from({ length: 300 }, (_, k) => ({ offset: 28 + k * 200 + (k % 7 === 0 ? 36 : 0), ipLen: 40 + (k % 1400), payload: k % 3 ? (k % 1400) : null, origLen: 54 + (k % 1400) + (k % 50 === 0 ? 6 : 0) }));
    rows.forEach((r, k) => table.append(Object.assign(createPacket(k + 1, r.offset, 1e15 + k, 0, null, 96, r.origLen), { l3: 'ipv4', ipLen: r.ipLen, payloadLen: r.payload })));
    expect(table.blocks[0].offset).not.toBeNull();
    rows.forEach((r, k) => expect([table.packetAt(k).offset, table.packetAt(k).origLen, table.packetAt(k).ipLen, table.packetAt(k).payloadLen]).toEqual([r.offset, r.origLen, r.ipLen, r.payload]));
  });

  it('keeps times that are not whole µs, or span more than 2^32 µs in a block, exactly', () => {
    const table = new PacketTable();
    const times = [1.7e15 + 0.25, 1.7e15 + 1.5, 1.7e15 + 9e9, 1.7e15 + 2];
    times.forEach((t, k) => table.append(createPacket(k + 1, k, t, 0, null, 60, 60)));
    expect(table.packetAt(0).tUs).toBe(1.7e15 + 0.25);
    expect(times.map((_, k) => table.time(k))).toEqual(times);
  });

  it('takes rows after it was read (the last block reopens) and keeps rows, VLANs and comments in place', () => {
    const table = new PacketTable();
    const add = (k: number) => table.append(Object.assign(createPacket(k + 1, k * 100, 1e15 + k, 0, null, 60, 60), { vlan: k % 3 ? [] : [k % 4096], comment: k % 5 ? null : `c${k}` }));
    for (let k = 0; k < 70_000; k++) add(k);
    expect(table.blocks.map((b) => b.length)).toEqual([65536, 70_000 - 65536]);
    for (let k = 70_000; k < 140_000; k++) add(k);
    expect(table.blocks.map((b) => b.length)).toEqual([65536, 65536, 140_000 - 131072]);
    for (const k of [0, 69_999, 70_000, 131_072, 139_999]) {
      const p = table.packetAt(k);
      expect([p.index, p.offset, p.tUs, p.vlan, p.comment]).toEqual([k + 1, k * 100, 1e15 + k, k % 3 ? [] : [k % 4096], k % 5 ? null : `c${k}`]);
    }
  });
});
