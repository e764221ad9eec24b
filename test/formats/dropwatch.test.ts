import { describe, expect, it } from 'vitest';
import { dropwatchFormat } from '../../shared/formats/dropwatch.format';
import {
  crlfAnsi, emailQuoted, fixtureBytes, fixtureText, itSurvivesBadInput, otherFormatFixtures, parseFixture, parseWith, probeWith, warningLines,
} from './trace-test-kit';

const place = (address: string, symbol: string | null, offset: number | null) => ({ address, symbol, offset, module: null });

describe('dropwatch: -l kas summary lines', () => {
  it('reads 4.19 EL7 summaries: count, symbol+hex offset, address', () => {
    const { records, warnings } = parseFixture(dropwatchFormat, 'samples/dropwatch/4.19-el7-issue3-summary.txt');
    expect(warnings).toEqual([]);
    expect(records).toEqual([
      expect.objectContaining({ line: 1, type: 'drop-summary', name: 'dropwatch:summary', count: 33, location: place('0xffffffff8178619e', 'tcp_v4_do_rcv', 0x8e), args: { symbol: 'tcp_v4_do_rcv+8e' } }),
      expect.objectContaining({ line: 2, type: 'drop-summary', count: 413, location: place('0xffffffff816ea931', 'skb_release_data', 0xb1) }),
    ]);
  });

  it('flags a module address resolved to __brk_limit: symbol dropped, address kept, warning on that line', () => {
    const { records, warnings, meta } = parseFixture(dropwatchFormat, 'samples/dropwatch/centos7-elrepo-blog-kas-brk_limit.txt');
    expect(records).toHaveLength(10);
    expect(records[2]).toMatchObject({ line: 9, count: 1, location: place('0xffffffffa052308c', null, null), args: { symbol: '__brk_limit+1de1308c' } });
    expect(warningLines(warnings)).toEqual([{ line: 9, code: 'dropwatch/untrusted-symbol' }]);
    expect(warnings[0].message).toMatch(/0xffffffffa052308c resolved to __brk_limit\+1de1308c.*not trusted/);
    expect(meta).toEqual({
      banners: 'Initalizing kallsyms db | Enabling monitoring... | Kernel monitoring activated. | Issue Ctrl-C to stop monitoring',
      commands: 'start',
    });
    expect(records.filter((r) => r.location?.symbol === 'sk_stream_kill_queues').map((r) => r.count)).toEqual([1, 3, 2, 2]);
  });

  it('keeps nf_hook_slow+f3 (a real symbol) and flags the 41 drops at a module address', () => {
    const { records, warnings } = parseFixture(dropwatchFormat, 'samples/dropwatch/clearlinux-1043-kas-nf_hook_slow.txt');
    expect(records.map((r) => [r.count, r.location?.symbol ?? null])).toEqual([[1, 'skb_queue_purge'], [41, null], [1, 'skb_release_data'], [2, 'nf_hook_slow']]);
    expect(records[3].location).toEqual(place('0xffffffff8155d083', 'nf_hook_slow', 0xf3));
    expect(warningLines(warnings)).toEqual([{ line: 8, code: 'dropwatch/untrusted-symbol' }]);
  });

  it('reads the [software] suffix and flags every __init_scratch_end line of a 6.x kernel', () => {
    const { records, warnings } = parseFixture(dropwatchFormat, 'samples/dropwatch/goflow2-408-init_scratch_end-module-addr.txt');
    expect(records).toHaveLength(17);
    expect(records.every((r) => r.args.origin === 'software')).toBe(true);
    expect(records.filter((r) => r.location?.symbol === 'skb_queue_purge_reason').map((r) => r.line)).toEqual([9, 19]);
    const flagged = records.filter((r) => r.location?.address === '0xffffffffc05dc203');
    expect(flagged).toHaveLength(15);
    expect(flagged.every((r) => r.location?.symbol === null)).toBe(true);
    expect(warnings.map((w) => w.line)).toEqual(flagged.map((r) => r.line));
    expect(flagged.reduce((sum, r) => sum + (r.count ?? 0), 0)).toBe(149);
  });
});

describe('dropwatch: packet alert mode and a second paste in summary mode', () => {
  const { records, warnings, meta } = parseFixture(dropwatchFormat, 'samples/dropwatch/issue77-packet-mode-and-software-suffix.txt');

  it('reads two packet records then eight summaries; prompts, banners and the separator are not warnings', () => {
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.line, r.endLine, r.type])).toEqual([
      [5, 11, 'kfree_skb'],
      [13, 19, 'kfree_skb'],
      ...[26, 27, 28, 29, 30, 31, 32, 33].map((line) => [line, line, 'drop-summary']),
    ]);
    expect(meta.commands).toBe('start | start');
  });

  it('reads a packet record completely: place, wall time with nanoseconds, ethertype, lengths', () => {
    expect(records[0]).toEqual({
      kind: 'kernel-event',
      line: 5,
      endLine: 11,
      time: { clock: 'wall', value: Date.UTC(2022, 11, 22, 13, 14, 21) / 1000 + 0.00516584 },
      type: 'kfree_skb',
      name: 'dropwatch:packet',
      comm: null,
      pid: null,
      cpu: null,
      skb: null,
      protocol: 0x800,
      location: place('0xffffffff96b6294e', 'ip_rcv_finish_core.isra.0', 0x1de),
      reason: null,
      reasonCode: null,
      caller: null,
      retval: null,
      args: {
        'drop at': 'ip_rcv_finish_core.isra.0+0x1de/0x440 (0xffffffff96b6294e)',
        origin: 'software',
        'input port ifindex': '3',
        timestamp: 'Thu Dec 22 13:14:21 2022 005165840 nsec',
        protocol: '0x800',
        length: '1358',
        'original length': '1358',
      },
      stack: [],
      tuple: null,
      count: null,
    });
    expect(meta.timeZone).toMatch(/unknown/);
  });

  it('reads net_tx_action+0 summaries with offset 0', () => {
    expect(records[2]).toMatchObject({ count: 4, location: place('0xffffffff9d5123d0', 'net_tx_action', 0), args: { origin: 'software' } });
  });
});

describe('dropwatch: other variants', () => {
  it('reads `at location` lines of a failed lookup, hardware traps and drop reasons', () => {
    const text = [
      '3 drops at location 0xffffffff8159f0ea',
      '5 drops at ingress_vlan_filter [hardware]',
      'drop at: nft_do_chain+0x3e8/0x600 [nf_tables] (0xffffffffc0a1b3e8)',
      'origin: software',
      'drop reason: NETFILTER_DROP',
      '',
      'drop at: ingress_vlan_filter (l2_drops)',
      'origin: hardware',
      'input port name: swp1',
    ].join('\n');
    const { records, warnings } = parseWith(dropwatchFormat, text);
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.type, r.count, r.location, r.reason])).toEqual([
      ['drop-summary', 3, place('0xffffffff8159f0ea', null, null), null],
      ['drop-summary', 5, null, null],
      ['kfree_skb', null, { address: '0xffffffffc0a1b3e8', symbol: 'nft_do_chain', offset: 0x3e8, module: 'nf_tables' }, 'NETFILTER_DROP'],
      ['kfree_skb', null, null, null],
    ]);
    expect(records[1].args).toEqual({ origin: 'hardware', trap: 'ingress_vlan_filter' });
    expect(records[3].args).toMatchObject({ trap: 'ingress_vlan_filter', group: 'l2_drops', origin: 'hardware', 'input port name': 'swp1' });
  });
});

describe('dropwatch: pasted copies read like the original', () => {
  const path = 'samples/dropwatch/issue77-packet-mode-and-software-suffix.txt';
  const original = parseFixture(dropwatchFormat, path);

  it('reads an e-mail quoted copy to the same records', () => {
    expect(parseWith(dropwatchFormat, emailQuoted(fixtureText(path))).records).toEqual(original.records);
  });

  it('reads a CRLF copy with ANSI colour to the same records, chunk size 7', () => {
    expect(parseWith(dropwatchFormat, crlfAnsi(fixtureText(path)), 7).records).toEqual(original.records);
  });
});

describe('dropwatch: probe', () => {
  it('claims its own files, even the two-line one', () => {
    expect(probeWith(dropwatchFormat, fixtureBytes('samples/dropwatch/centos7-elrepo-blog-kas-brk_limit.txt'))).toBeGreaterThanOrEqual(0.85);
    expect(probeWith(dropwatchFormat, fixtureBytes('samples/dropwatch/4.19-el7-issue3-summary.txt'))).toBeGreaterThanOrEqual(0.5);
  });

  it.each(otherFormatFixtures('dropwatch'))('does not claim %s', (path) => {
    expect(probeWith(dropwatchFormat, fixtureBytes(path))).toBeLessThan(0.3);
  });
});

describe('dropwatch: bad input', () => {
  itSurvivesBadInput(dropwatchFormat, 'samples/dropwatch/goflow2-408-init_scratch_end-module-addr.txt');
});
