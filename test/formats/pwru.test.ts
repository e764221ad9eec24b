import { describe, expect, it } from 'vitest';
import { pwruFormat } from '../../shared/formats/pwru.format';
import {
  crlfAnsi, emailQuoted, fixtureBytes, fixtureText, itSurvivesBadInput, otherFormatFixtures, parseFixture, parseWith, probeWith,
} from './trace-test-kit';

const fn = (symbol: string) => ({ address: null, symbol, offset: null, module: null });

describe('pwru: v0.0.x, kfree_skb_reason with its reason name', () => {
  const { records, warnings } = parseFixture(pwruFormat, 'samples/pwru/pr148-v0.0.x-kfree_skb_reason-netfilter-drop.txt');

  it('reads nf_hook_slow then the NETFILTER_DROP free of the same skb', () => {
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.line, r.type, r.skb, r.cpu, r.comm, r.location, r.reason])).toEqual([
      [1, 'probe', '0xffff936378692ce8', 6, 'curl', fn('nf_hook_slow'), null],
      [2, 'kfree_skb', '0xffff936378692ce8', 6, 'curl', fn('kfree_skb_reason'), 'NETFILTER_DROP'],
    ]);
    expect(records[1].name).toBe('kfree_skb_reason(SKB_DROP_REASON_NETFILTER_DROP)');
    expect(records[1].tuple).toEqual({ proto: 'tcp', src: '172.20.10.2', sport: 33918, dst: '1.1.1.1', dport: 4240 });
  });
});

describe('pwru: --output-meta key=value fields (2023)', () => {
  const { records, warnings } = parseFixture(pwruFormat, 'samples/pwru/pr241-output-meta-netns-mark-ifindex.txt');

  it('reads the 7 functions of one skb with netns, mark, ifindex and the byte-swapped proto=8 as IPv4', () => {
    expect(warnings).toEqual([]);
    expect(records.map((r) => r.location?.symbol)).toEqual([
      '__dev_queue_xmit', 'qdisc_pkt_len_init', 'netdev_core_pick_tx', 'sch_direct_xmit', 'validate_xmit_skb_list', 'validate_xmit_skb', 'netif_skb_features',
    ]);
    expect(records[0]).toMatchObject({
      skb: '0xffff97bfe0bb42e8',
      cpu: 0,
      comm: 'curl',
      protocol: 0x0800,
      type: 'probe',
      args: { process: 'curl', netns: '4026531840', mark: '0x0', ifindex: '2', proto: '8', mtu: '1500', len: '74' },
      tuple: { proto: 'tcp', src: '192.168.0.110', sport: 43026, dst: '20.205.243.166', dport: 80 },
    });
  });
});

describe('pwru: v1.x columns on 6.11 (sk_skb_reason_drop, no reason name)', () => {
  it('reads SKB CPU PROCESS NETNS MARK IFACE PROTO MTU LEN TUPLE FUNC', () => {
    const { records, warnings } = parseFixture(pwruFormat, 'samples/pwru/issue429-v1.x-columns-6.11-sk_skb_reason_drop.txt');
    expect(warnings).toEqual([]);
    expect(records).toEqual([
      {
        kind: 'kernel-event',
        line: 1,
        endLine: 1,
        time: null,
        type: 'kfree_skb',
        name: 'sk_skb_reason_drop',
        comm: '~system-x86',
        pid: 3433,
        cpu: 17,
        skb: '0xffff997d135cf300',
        protocol: 0x0800,
        location: fn('sk_skb_reason_drop'),
        reason: null,
        reasonCode: null,
        caller: null,
        retval: null,
        args: { process: '~system-x86:3433', netns: '4026531840', mark: '0', iface: 'vgif_r2_1:13', proto: '0x0800', mtu: '1500', len: '100' },
        stack: [],
        tuple: { proto: 'icmp', src: '172.16.0.1', sport: 0, dst: '172.16.0.2', dport: 0 },
        count: null,
      },
    ]);
  });

  it('reads the header, timestamps since boot, a numeric reason, a caller and --output-stack lines', () => {
    const text = [
      'SKB                CPU PROCESS          TIMESTAMP        TUPLE FUNC CALLER',
      '0xffff888102446800 1   ~/usr/bin/nc:8170 5102979330123    10.0.0.3:20202->10.0.2.8:43482(tcp) kfree_skb_reason (12) nf_hook_slow',
      'nf_hook_slow',
      '__ip_local_out',
    ].join('\n');
    const { records, warnings, meta } = parseWith(pwruFormat, text);
    expect(warnings).toEqual([]);
    expect(meta.columns).toBe('SKB CPU PROCESS TIMESTAMP TUPLE FUNC CALLER');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      endLine: 4,
      type: 'kfree_skb',
      comm: '~/usr/bin/nc',
      pid: 8170,
      time: { clock: 'boot', value: 5102.979330123 },
      reasonCode: 12,
      caller: fn('nf_hook_slow'),
      stack: [fn('nf_hook_slow'), fn('__ip_local_out')],
    });
  });

  it('reads --timestamp absolute as wall time (zone unknown, noted in meta)', () => {
    const { records, meta } = parseWith(pwruFormat, '2024-10-01T12:34:56.789 0xffff888102446800 1   ~/usr/bin/nc:8170 ip_local_out');
    expect(records[0]).toMatchObject({ time: { clock: 'wall', value: Date.UTC(2024, 9, 1, 12, 34, 56) / 1000 + 0.789 }, location: fn('ip_local_out') });
    expect(meta.timeZone).toMatch(/unknown/);
  });

  it('leaves relative timestamps off the clock', () => {
    const text = [
      '0xffff888102446800 1 [nc] ip_local_out 0',
      '0xffff888102446800 1 [nc] nf_hook_slow 1200',
    ].join('\n');
    const { records, meta } = parseWith(pwruFormat, text);
    expect(records.map((r) => [r.time, r.args.timestamp])).toEqual([[null, '0'], [null, '1200']]);
    expect(meta.timestamps).toMatch(/relative/);
  });
});

describe('pwru: pasted copies read like the original', () => {
  const path = 'samples/pwru/pr241-output-meta-netns-mark-ifindex.txt';
  const original = parseFixture(pwruFormat, path);

  it('reads an e-mail quoted copy and a CRLF + ANSI copy to the same records', () => {
    expect(parseWith(pwruFormat, emailQuoted(fixtureText(path))).records).toEqual(original.records);
    expect(parseWith(pwruFormat, crlfAnsi(fixtureText(path)), 7).records).toEqual(original.records);
  });
});

describe('pwru: probe', () => {
  it('claims its own files, even a single line', () => {
    expect(probeWith(pwruFormat, fixtureBytes('samples/pwru/pr241-output-meta-netns-mark-ifindex.txt'))).toBeGreaterThanOrEqual(0.85);
    expect(probeWith(pwruFormat, fixtureBytes('samples/pwru/issue429-v1.x-columns-6.11-sk_skb_reason_drop.txt'))).toBeGreaterThanOrEqual(0.5);
  });

  it.each(otherFormatFixtures('pwru'))('does not claim %s', (path) => {
    expect(probeWith(pwruFormat, fixtureBytes(path))).toBeLessThan(0.3);
  });
});

describe('pwru: bad input', () => {
  itSurvivesBadInput(pwruFormat, 'samples/pwru/pr241-output-meta-netns-mark-ifindex.txt');
});
