// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import pcapUrl from '../fixtures/cases/hidden-hook/srv-eth0.pcap?url&inline';
import type { Packet } from '../../shared/model/packet';
import type { KernelEvent } from '../../shared/model/kernel-event';
import { describeRecord } from '../../renderer/src/features/records/describe-record';
import { warningCount } from '../../renderer/src/features/artifacts/warning-count';
import { formatBytes } from '../../renderer/src/text/format-bytes';
import { formatMicros } from '../../renderer/src/text/format-micros';
import { createEngineSession } from '../../renderer/src/engine/engine-session';
import { dataUrlBytes, memoryFile, memoryHost } from './memory-engine';

describe('describeRecord', () => {
  test('a SYN of c2 in the real srv-eth0.pcap reads as time, flow, flags, IP ID and length', async () => {
    const session = createEngineSession(memoryHost());
    await session.ingest({ batch: 1, files: [memoryFile('srv-eth0.pcap', dataUrlBytes(pcapUrl))], names: ['srv-eth0.pcap'], cancel: new Int32Array(2) }, () => {});
    const packets = session.records('srv-eth0.pcap', 0, 1000).records as Packet[];
    const syn = packets.find((p) => p.src === '10.0.2.8' && p.dport === 20202 && p.tcpFlags === 0x02)!;
    const line = describeRecord(syn);
    expect(line.where).toBe(`#${syn.index}`);
    expect(line.text).toBe(`${formatMicros(syn.tUs)} 10.0.2.8:${syn.sport} → 10.0.0.3:20202 tcp SYN id ${syn.ipId} len ${syn.origLen}`);
  });

  test('a kfree_skb event reads as boot time, name, skb, reason and location', () => {
    const event: KernelEvent = {
      kind: 'kernel-event', line: 431, endLine: 440, time: { clock: 'boot', value: 1763.123456 }, type: 'kfree_skb', name: 'skb:kfree_skb',
      comm: 'swapper/0', pid: 0, cpu: 1, skb: '0xffff8b0c45a1c000', protocol: 2048,
      location: { address: null, symbol: 'nft_do_chain', offset: 0x3e8, module: 'nf_tables' }, reason: 'NETFILTER_DROP', reasonCode: null,
      caller: null, retval: null, args: {}, stack: [], tuple: null, count: null,
    };
    expect(describeRecord(event)).toEqual({
      where: 'line 431',
      text: '[1763.123456] skb:kfree_skb skb 0xffff8b0c45a1c000 reason NETFILTER_DROP at nft_do_chain+0x3e8 [nf_tables]',
    });
  });

  test('counters and log lines', () => {
    expect(describeRecord({ kind: 'counter', line: 12, scope: 'eth0', name: 'rx_dropped', value: 6 })).toEqual({ where: 'line 12', text: 'eth0 rx_dropped = 6' });
    expect(describeRecord({ kind: 'log-line', line: 3, time: null, text: 'wl-before: IN=eth0', host: null, packet: null, drop: null }).text).toBe('wl-before: IN=eth0');
  });
});

describe('text helpers', () => {
  test('formatMicros keeps microseconds, in UTC', () => {
    expect(formatMicros(1795807371623702)).toBe('2026-11-27 19:22:51.623702');
    expect(formatMicros(Number.NaN)).toBe('—');
  });

  test('formatBytes uses binary units', () => {
    expect([0, 1023, 1536, 4869, 10 * 1024 * 1024, 3 * 1024 ** 3].map(formatBytes)).toEqual(['0 B', '1023 B', '1.5 KiB', '4.8 KiB', '10 MiB', '3.0 GiB']);
  });

  test('warningCount reads the engine\'s summary line', () => {
    expect(warningCount([])).toBe(0);
    expect(warningCount(['line 1: x [a/b]'])).toBe(1);
    expect(warningCount(['line 1: x [a/b]', '… and 4 more warnings'])).toBe(5);
  });
});
