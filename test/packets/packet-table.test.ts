import { describe, expect, it } from 'vitest';
import { createPacket } from '../../shared/formats/packet-decode';
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
});
