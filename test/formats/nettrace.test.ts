import { describe, expect, it } from 'vitest';
import { nettraceFormat } from '../../shared/formats/nettrace.format';
import {
  crlfAnsi, emailQuoted, fixtureBytes, fixtureText, itSurvivesBadInput, otherFormatFixtures, parseFixture, parseWith, probeWith,
} from './trace-test-kit';

const monitor = 'samples/nettrace/monitor-mode-nft-netfilter-drop.txt';
const fn = (symbol: string, offset: number | null = null) => ({ address: null, symbol, offset, module: null });
const ping = { proto: 'icmp', src: '192.168.122.1', dst: '192.168.122.9', sport: null, dport: null };

describe('nettrace: --monitor, a ping dropped by an nft INPUT chain', () => {
  const { records, warnings } = parseFixture(nettraceFormat, monitor);

  it('reads three lines: nft_do_chain, the NETFILTER_DROP free at nf_hook_slow+0xa8, nf_hook_slow', () => {
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.line, r.type, r.name, r.location, r.reason, r.time])).toEqual([
      [3, 'probe', 'nft_do_chain', fn('nft_do_chain'), null, { clock: 'boot', value: 25.16798 }],
      [4, 'kfree_skb', 'kfree_skb', fn('nf_hook_slow', 0xa8), 'NETFILTER_DROP', { clock: 'boot', value: 25.167996 }],
      [5, 'probe', 'nf_hook_slow', fn('nf_hook_slow'), null, { clock: 'boot', value: 25.168 }],
    ]);
    expect(records.every((r) => JSON.stringify(r.tuple) === JSON.stringify(ping))).toBe(true);
  });

  it('keeps the diagnosis texts between stars', () => {
    expect(records[0].args.diagnosis).toBe('iptables table:filter, chain:INPUT | packet is dropped by iptables/iptables-nft');
    expect(records[2].args.diagnosis).toBe('ipv4 in chain: INPUT | packet is dropped by netfilter (NF_DROP)');
  });
});

describe('nettrace: issue 8, a --diag analysis block and a --drop-stack line', () => {
  const { records, warnings } = parseFixture(nettraceFormat, 'samples/nettrace/issue8-diag-stack-and-drop-stack.txt');

  it('reads the ERROR analysis as a drop with its location and stack', () => {
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      line: 3,
      endLine: 20,
      type: 'kfree_skb',
      name: 'kfree_skb(life)',
      location: fn('__udp4_lib_rcv', 0x8fe),
      args: { level: 'ERROR', rule: '1', message: 'packet is dropped by kernel' },
    });
    expect(records[0].stack.map((f) => f.symbol)).toEqual([
      '__udp4_lib_rcv', 'ip_protocol_deliver_rcu', 'ip_local_deliver_finish', 'ip_local_deliver', 'ip_rcv_finish', 'ip_rcv',
      '__netif_receive_skb_core', '__netif_receive_skb_list_core', 'netif_receive_skb_list_internal', 'gro_normal_list.part.143',
      'napi_complete_done', 'virtnet_poll', 'net_rx_action',
    ]);
  });

  it('reads the --drop line (no function column) with its trailing place and its Call Stack (truncated by the sample)', () => {
    expect(records[1]).toMatchObject({
      line: 24,
      endLine: 30,
      type: 'kfree_skb',
      time: { clock: 'boot', value: 2114.791575 },
      location: fn('tcp_v4_rcv', 0x63),
      tuple: { proto: 'tcp', src: '127.0.0.1', sport: 46544, dst: '127.0.0.1', dport: 9999 },
    });
    expect(records[1].stack).toEqual([fn('kfree_skb_reason', 0xb8), fn('kfree_skb_reason', 0xb8), fn('tcp_v4_rcv', 0x63), fn('ip_protocol_deliver_rcu', 0x30), fn('ip_local_deliver_finish', 0x48)]);
  });
});

describe('nettrace: context blocks and --detail', () => {
  it('gives each line the skb of its context header and reads the detail columns', () => {
    const text = [
      '***************** ffff88810a9b80e0,ffff88810a9b8200 ***************',
      '[5058.679001] [ffff88810a9b80e0][ip_rcv              ][cpu:1  ][eth0 ][pid:0      ][swapper/1   ][ns:4026531840] TCP: 10.0.2.8:43482 -> 10.0.0.3:20202 seq:1, ack:0, flags:S',
      '[5058.679090] [kfree_skb           ] TCP: 10.0.2.8:43482 -> 10.0.0.3:20202 seq:1, ack:0, flags:S *reason: NETFILTER_DROP, nft_do_chain+0x3e8*',
      '',
    ].join('\n');
    const { records, warnings } = parseWith(nettraceFormat, text);
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.skb, r.type, r.name, r.cpu, r.pid, r.reason, r.location])).toEqual([
      ['0xffff88810a9b80e0', 'probe', 'ip_rcv', 1, 0, null, fn('ip_rcv')],
      ['0xffff88810a9b80e0', 'kfree_skb', 'kfree_skb', null, null, 'NETFILTER_DROP', fn('nft_do_chain', 0x3e8)],
    ]);
    expect(records[0].args).toMatchObject({ iface: 'eth0', task: 'swapper/1', netns: '4026531840' });
    expect(records[0].comm).toBe('swapper/1');
  });
});

describe('nettrace: --date stamps', () => {
  it('reads them as wall time, zone unknown', () => {
    const { records, meta } = parseWith(nettraceFormat, '[2023-1-5 12:00:01.123456] [kfree_skb           ] UDP: 10.0.0.1:53 -> 10.0.0.2:4000 *reason: NO_SOCKET, __udp4_lib_rcv+0x8fe*');
    expect(records[0]).toMatchObject({
      time: { clock: 'wall', value: Date.UTC(2023, 0, 5, 12, 0, 1) / 1000 + 0.123456 },
      type: 'kfree_skb',
      reason: 'NO_SOCKET',
      location: fn('__udp4_lib_rcv', 0x8fe),
      tuple: { proto: 'udp', src: '10.0.0.1', sport: 53, dst: '10.0.0.2', dport: 4000 },
    });
    expect(meta.timeZone).toMatch(/unknown/);
  });
});

describe('nettrace: pasted copies read like the original', () => {
  const original = parseFixture(nettraceFormat, monitor);

  it('reads an e-mail quoted copy and a CRLF + ANSI copy to the same records', () => {
    expect(parseWith(nettraceFormat, emailQuoted(fixtureText(monitor))).records).toEqual(original.records);
    expect(parseWith(nettraceFormat, crlfAnsi(fixtureText(monitor)), 7).records).toEqual(original.records);
  });
});

describe('nettrace: probe', () => {
  it('claims its own files', () => {
    expect(probeWith(nettraceFormat, fixtureBytes(monitor))).toBeGreaterThanOrEqual(0.85);
  });

  it.each(otherFormatFixtures('nettrace'))('does not claim %s', (path) => {
    expect(probeWith(nettraceFormat, fixtureBytes(path))).toBeLessThan(0.3);
  });
});

describe('nettrace: bad input', () => {
  itSurvivesBadInput(nettraceFormat, monitor);
});
