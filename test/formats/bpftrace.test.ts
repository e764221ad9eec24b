import { describe, expect, it } from 'vitest';
import { bpftraceFormat } from '../../shared/formats/bpftrace.format';
import {
  crlfAnsi, emailQuoted, fixtureBytes, fixtureText, itSurvivesBadInput, otherFormatFixtures, parseFixture, parseWith, probeWith, warningLines,
} from './trace-test-kit';

const hiddenHook = 'cases/hidden-hook/bpftrace-kfree_skb.txt';
const symbol = (name: string, offset: number | null = null) => ({ address: null, symbol: name, offset, module: null });

describe('bpftrace: hidden-hook tracepoint script (wall-clock time of day, numeric reason)', () => {
  const { records, warnings, meta } = parseFixture(bpftraceFormat, hiddenHook);

  it('yields the 9 drop lines; the banner is meta, the trailing blank lines nothing', () => {
    expect(warnings).toEqual([]);
    expect(meta).toEqual({ attachedProbes: '1' });
    expect(records).toHaveLength(9);
    expect(records.every((r) => r.type === 'kfree_skb' && r.name === 'kfree_skb')).toBe(true);
  });

  it('reads the first line completely: time of day, skb, tuple, reason number, location symbol', () => {
    expect(records[0]).toEqual({
      kind: 'kernel-event',
      line: 2,
      endLine: 2,
      time: { clock: 'time-of-day', value: 19 * 3600 + 60 + 36.065474 },
      type: 'kfree_skb',
      name: 'kfree_skb',
      comm: null,
      pid: null,
      cpu: null,
      skb: '0xffff88810a9b80e0',
      protocol: null,
      location: symbol('nft_do_chain'),
      reason: null,
      reasonCode: 12,
      caller: null,
      retval: null,
      args: { skb: '0xffff88810a9b80e0', proto: '6', reason: '12', location: 'nft_do_chain' },
      stack: [],
      tuple: { proto: 'tcp', src: '10.0.2.8', dst: '10.0.0.3', sport: null, dport: null },
      count: null,
    });
  });

  it('tells the six SYN drops (one skb), the two ping drops and the echo-reply NO_SOCKET noise apart', () => {
    expect(records.map((r) => [r.skb, r.tuple?.proto, r.reasonCode, r.location?.symbol])).toEqual([
      ...Array(6).fill(['0xffff88810a9b80e0', 'tcp', 12, 'nft_do_chain']),
      ['0xffff888102446000', 'icmp', 12, 'nft_do_chain'],
      ['0xffff888102446e00', 'icmp', 12, 'nft_do_chain'],
      ['0xffff888102446000', 'icmp', 3, 'ping_rcv'],
    ]);
  });
});

describe('bpftrace: output-synack', () => {
  it('reads the 15 drops: SYN-ACKs from srv to c2 at nf_hook_slow', () => {
    const { records, warnings } = parseFixture(bpftraceFormat, 'cases/output-synack/bpftrace-kfree_skb.txt');
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(15);
    expect(records.filter((r) => r.location?.symbol === 'nf_hook_slow' && r.tuple?.src === '10.0.0.3' && r.tuple.dst === '10.0.2.8')).toHaveLength(12);
  });
});

describe('bpftrace: maps', () => {
  it('reads tools/dropwatch.bt `@[kstack]: count` as a drop summary; offsets are decimal', () => {
    const { records, warnings } = parseFixture(bpftraceFormat, 'samples/bpftrace/pr1903-dropwatch-bt-kstack-map.txt');
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ line: 1, endLine: 10, type: 'drop-summary', name: '@', count: 25, location: symbol('hci_event_packet', 495) });
    expect(records[0].stack.map((f) => [f.symbol, f.offset])).toEqual([
      ['kfree_skb', 118], ['kfree_skb', 118], ['hci_event_packet', 495], ['hci_rx_work', 397],
      ['process_one_work', 488], ['worker_thread', 77], ['kthread', 276], ['ret_from_fork', 31],
    ]);
  });

  it('reads one-line maps keyed by place, reason number or address pair; warns on maps it cannot place', () => {
    const text = [
      'Attaching 2 probes...',
      '^C',
      '@drops[nf_hook_slow+125]: 12',
      '@reasons[12]: 7',
      '@flows[10.0.2.8, 10.0.0.3]: 3',
      '@start[4242]: 123456789',
      '@lat:',
      '[4, 8)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|',
    ].join('\n');
    const { records, warnings } = parseWith(bpftraceFormat, text);
    expect(records.map((r) => [r.name, r.count, r.location?.symbol ?? null, r.location?.offset ?? null, r.reasonCode, r.tuple?.src ?? null])).toEqual([
      ['@drops', 12, 'nf_hook_slow', 125, null, null],
      ['@reasons', 7, null, null, 12, null],
      ['@flows', 3, null, null, null, '10.0.2.8'],
    ]);
    expect(warningLines(warnings)).toEqual([
      { line: 6, code: 'bpftrace/map-not-read' },
      { line: 7, code: 'bpftrace/histogram-not-read' },
    ]);
  });
});

describe('bpftrace: other line shapes', () => {
  it('reads column output under an upper-case header, with a kstack under each line', () => {
    const text = [
      'Attaching 3 probes...',
      'Tracing tcp drops. Hit Ctrl-C to end.',
      'TIME     PID      COMM             SADDR:SPORT              DADDR:DPORT              STATE',
      '23:02:38 0        swapper/3        10.0.2.8:43482           10.0.0.3:20202           SYN_RECV',
      '        tcp_drop+1',
      '        tcp_rcv_state_process+181',
      '',
    ].join('\n');
    const { records, warnings, meta } = parseWith(bpftraceFormat, text);
    expect(warnings).toEqual([]);
    expect(meta.banners).toBe('Tracing tcp drops. Hit Ctrl-C to end.');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      line: 4,
      endLine: 6,
      time: { clock: 'time-of-day', value: 23 * 3600 + 2 * 60 + 38 },
      pid: 0,
      comm: 'swapper/3',
      tuple: { src: '10.0.2.8', sport: 43482, dst: '10.0.0.3', dport: 20202 },
    });
    expect(records[0].stack).toEqual([symbol('tcp_drop', 1), symbol('tcp_rcv_state_process', 181)]);
  });

  it('reads since-boot stamps, reason names and ethertypes; counts lost events', () => {
    const text = [
      '[  5058.679090] kfree_skb skbaddr=0xffff88810a9b80e0 protocol=2048 reason=SKB_DROP_REASON_NETFILTER_DROP location=0xffffffff81f657b8',
      'Lost 42 events',
    ].join('\n');
    const { records, warnings, meta } = parseWith(bpftraceFormat, text);
    expect(records[0]).toMatchObject({
      time: { clock: 'boot', value: 5058.67909 },
      protocol: 2048,
      reason: 'NETFILTER_DROP',
      location: { address: '0xffffffff81f657b8', symbol: null },
    });
    expect(meta.lostEvents).toBe('42');
    expect(warningLines(warnings)).toEqual([{ line: 2, code: 'bpftrace/lost-events' }]);
  });
});

describe('bpftrace: pasted copies read like the original', () => {
  const original = parseFixture(bpftraceFormat, hiddenHook);
  const text = fixtureText(hiddenHook);

  it('reads an e-mail quoted copy to the same records', () => {
    expect(parseWith(bpftraceFormat, emailQuoted(text)).records).toEqual(original.records);
  });

  it('reads a CRLF copy with ANSI colour to the same records, chunk size 7', () => {
    expect(parseWith(bpftraceFormat, crlfAnsi(text), 7).records).toEqual(original.records);
  });
});

describe('bpftrace: probe', () => {
  it('claims its own files', () => {
    expect(probeWith(bpftraceFormat, fixtureBytes(hiddenHook))).toBeGreaterThanOrEqual(0.85);
  });

  it.each(otherFormatFixtures('bpftrace'))('does not claim %s', (path) => {
    expect(probeWith(bpftraceFormat, fixtureBytes(path))).toBeLessThan(0.3);
  });
});

describe('bpftrace: bad input', () => {
  itSurvivesBadInput(bpftraceFormat, hiddenHook);
});
