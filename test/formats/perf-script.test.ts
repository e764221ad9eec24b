import { describe, expect, it } from 'vitest';
import { perfScriptFormat, signedReturnValue } from '../../shared/formats/perf-script.format';
import type { KernelEvent } from '../../shared/model/kernel-event';
import {
  crlfAnsi, emailQuoted, fixtureText, itSurvivesBadInput, otherFormatFixtures, parseFixture, parseWith, probeWith, fixtureBytes, warningLines,
} from './trace-test-kit';

const kernelFrame = (address: string, symbol: string, offset: number) => ({ address, symbol, offset, module: null });
const drops = (records: KernelEvent[], reason: string) => records.filter((r) => r.type === 'kfree_skb' && r.reason === reason);

describe('perf-script: hidden-hook, skb:kfree_skb with callchains on 6.18 (rx_sk, %pS location, reason)', () => {
  const { records, warnings, meta } = parseFixture(perfScriptFormat, 'cases/hidden-hook/perf-script-kfree_skb.txt');

  it('yields the 83 kfree_skb samples and nothing else, without warnings', () => {
    expect(records).toHaveLength(83);
    expect(records.every((r) => r.type === 'kfree_skb' && r.name === 'skb:kfree_skb')).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('reads the perf script --header block into meta', () => {
    expect(meta).toEqual({
      capturedOn: 'Tue Nov 24 19:01:47 2026',
      hostname: 'vm',
      osRelease: '6.18.44-fc-v669',
      perfVersion: '6.1.187',
      arch: 'x86_64',
      nrcpus: '2',
      cmdline: '/usr/bin/perf record -q -e skb:kfree_skb -a -g -o /tmp/lab/out/hidden-hook/.perf.data -- sleep 14',
      firstSample: '5055.895240',
      lastSample: '5069.783353',
    });
  });

  it('finds the four NETFILTER_DROP drops at nft_do_chain+0x3e8: two SYNs of one skb, two pings', () => {
    const netfilter = drops(records, 'NETFILTER_DROP');
    expect(netfilter.map((r) => [r.line, r.skb, r.comm, r.time?.value])).toEqual([
      [1426, '0xffff88810a9b80e0', 'nc', 5058.67909],
      [1649, '0xffff88810a9b80e0', 'swapper', 5061.751352],
      [1676, '0xffff888102446000', 'ping', 5065.691303],
      [1701, '0xffff888102446e00', 'ping', 5066.19933],
    ]);
    for (const drop of netfilter) {
      // The printed `location=nft_do_chain+0x3e8` takes the address of the callchain frame with that symbol+offset.
      expect(drop.location).toEqual(kernelFrame('0xffffffff81f657b8', 'nft_do_chain', 0x3e8));
      expect(drop.stack.slice(0, 5)).toEqual([
        kernelFrame('0xffffffff81e44fd0', 'sk_skb_reason_drop', 0x90),
        kernelFrame('0xffffffff81f657b8', 'nft_do_chain', 0x3e8),
        kernelFrame('0xffffffff81f806c3', 'nft_do_chain_inet', 0x43),
        kernelFrame('0xffffffff81f2af93', 'nf_hook_slow', 0x43),
        kernelFrame('0xffffffff81ff8785', 'ip_local_deliver', 0xd5),
      ]);
    }
  });

  it('reads the first NETFILTER_DROP sample completely', () => {
    const first = drops(records, 'NETFILTER_DROP')[0];
    expect({ ...first, stack: first.stack.length }).toEqual({
      kind: 'kernel-event',
      line: 1426,
      endLine: 1453,
      time: { clock: 'boot', value: 5058.67909 },
      type: 'kfree_skb',
      name: 'skb:kfree_skb',
      comm: 'nc',
      pid: 5266,
      cpu: 1,
      skb: '0xffff88810a9b80e0',
      protocol: 2048,
      location: kernelFrame('0xffffffff81f657b8', 'nft_do_chain', 0x3e8),
      reason: 'NETFILTER_DROP',
      reasonCode: null,
      caller: null,
      retval: null,
      args: { skbaddr: '0xffff88810a9b80e0', rx_sk: '(nil)', protocol: '2048', location: 'nft_do_chain+0x3e8' },
      stack: 27,
      tuple: null,
      count: null,
    });
  });

  it('parses COMMs with slashes, dashes and digits (kworker/0:1-vir, ksoftirqd/1)', () => {
    const comms = new Set(records.map((r) => r.comm));
    expect(comms).toEqual(new Set(['kworker/0:1-vir', 'kworker/1:1-mld', 'kworker/u8:1-fl', 'ksoftirqd/0', 'ksoftirqd/1', 'swapper', 'nc', 'ping', 'socat', 'bpftrace']));
  });
});

describe('perf-script: output-synack, the SYN-ACK dropped at LOCAL_OUT', () => {
  const { records, warnings } = parseFixture(perfScriptFormat, 'cases/output-synack/perf-script-kfree_skb.txt');

  it('yields 85 samples; the NETFILTER_DROP ones are freed in nf_hook_slow+0x7d under __ip_local_out', () => {
    expect(records).toHaveLength(85);
    expect(warnings).toEqual([]);
    const netfilter = drops(records, 'NETFILTER_DROP');
    expect(netfilter.length).toBeGreaterThan(0);
    for (const drop of netfilter) {
      expect(drop.location?.symbol).toBe('nf_hook_slow');
      expect(drop.location?.offset).toBe(0x7d);
      expect(drop.stack.map((f) => f.symbol).slice(1, 5)).toEqual(['nf_hook_slow', '__ip_local_out', 'ip_build_and_send_pkt', 'tcp_v4_send_synack']);
    }
  });
});

describe('perf-script: seed-centos7, perf probe entry and return probes with the 3.10 tracepoint', () => {
  const { records, warnings, meta } = parseFixture(perfScriptFormat, 'cases/seed-centos7/perf-probe-script.txt');

  it('yields 57 events: 15 kfree_skb, 14 probe entries, 28 returns; header meta; no warning', () => {
    expect(warnings).toEqual([]);
    const count = (type: string) => records.filter((r) => r.type === type).length;
    expect([records.length, count('kfree_skb'), count('probe'), count('probe-return')]).toEqual([57, 15, 14, 28]);
    expect(meta.osRelease).toBe('3.10.0-1160.el7.x86_64');
    expect(meta.capturedOn).toBe('Tue Nov 24 19:23:03 2026');
    expect(meta.hostname).toBe('srv-prod-03');
  });

  it('reads the 3.10 tracepoint: location as a bare address, no reason', () => {
    const drop = records.find((r) => r.type === 'kfree_skb' && r.skb === '0xffff88003ebb2100');
    expect(drop?.location).toEqual({ address: '0xffffffff8157d2b3', symbol: null, offset: null, module: null });
    expect([drop?.reason, drop?.reasonCode, drop?.protocol]).toEqual([null, null, 2048]);
  });

  it('reads an entry probe: the probed function, its address and the skb argument', () => {
    const entry = records.find((r) => r.line === 35);
    expect(entry).toMatchObject({
      type: 'probe',
      name: 'probe:net_hook_in_v4',
      skb: '0xffff88003ebb2100',
      location: { address: '0xffffffffa05f0330', symbol: 'net_hook_in_v4', offset: null, module: null },
      args: { skb: '0xffff88003ebb2100' },
      time: { clock: 'boot', value: 6334.129407 },
    });
  });

  it('gives net_hook_in_v4 returns the skb of their entry: 0 (NF_DROP) for 0xffff88003ebb2100, five times', () => {
    const returns = records.filter((r) => r.name === 'probe:net_hook_in_v4__return' && r.skb === '0xffff88003ebb2100');
    expect(returns.map((r) => r.retval)).toEqual([0, 0, 0, 0, 0]);
    expect(returns[0]).toMatchObject({
      line: 36,
      type: 'probe-return',
      location: { address: '0xffffffffa05f0330', symbol: 'net_hook_in_v4', offset: null, module: null },
      caller: { address: '0xffffffff8157d0f5', symbol: null, offset: null, module: null },
      args: { arg1: '0x0' },
    });
    // c1's packets got NF_ACCEPT (1) from the same hook.
    expect(records.filter((r) => r.name === 'probe:net_hook_in_v4__return' && r.retval === 1)).toHaveLength(6);
  });

  it('leaves nf_iterate returns without an skb: no entry probe was recorded for them', () => {
    const iterate = records.filter((r) => r.name === 'probe:nf_iterate__return');
    expect(iterate).toHaveLength(14);
    expect(iterate.every((r) => r.skb === null && r.location?.symbol === 'nf_iterate')).toBe(true);
  });
});

describe('perf-script: the public samples, every era and paste style', () => {
  it('4.10, --kallsyms callchain with 7fff… addresses and bare symbols: addresses dropped, symbols kept', () => {
    const { records, warnings } = parseFixture(perfScriptFormat, 'samples/perf-script/4.10-bpf-prog-callchain-kallsyms.txt');
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ line: 4, endLine: 17, comm: 'ksoftirqd/0', pid: 6, cpu: 0, skb: '0xffff9d4161f20a00', protocol: 2048 });
    expect(records[0].location).toEqual({ address: '0xffffffffc004b52c', symbol: null, offset: null, module: null });
    expect(records[0].stack[1]).toEqual({ address: null, symbol: 'bpf_prog_8227addf251b7543', offset: null, module: null });
    expect(records[0].stack).toHaveLength(13);
  });

  it('4.19 EL7, sym+off frames: location address gets its symbol from the callchain', () => {
    const { records, warnings } = parseFixture(perfScriptFormat, 'samples/perf-script/4.19-el7-kallsyms-callchain-sym+off.txt');
    expect(warnings).toEqual([]);
    expect(records[0].location).toEqual(kernelFrame('0xffffffff816ea931', 'skb_release_data', 0xb1));
    expect(records[0].stack[0]).toEqual(kernelFrame('0xffffffff816e9c9b', 'kfree_skb', 0x7b));
  });

  it('5.8.10, e-mail quoted and hard-wrapped: payload and DSO tails are joined back', () => {
    const { records, warnings } = parseFixture(perfScriptFormat, 'samples/perf-script/5.8.10-ipvs-bridge-callchain-emailquoted.txt');
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    const [event] = records;
    expect([event.line, event.endLine, event.comm, event.skb, event.protocol]).toEqual([2, 83, 'curl', '0xffff888f57159ae0', 2048]);
    expect(event.location?.address).toBe('0xffffffff817bfdad');
    expect(event.stack).toHaveLength(66);
    expect(event.stack[5]).toEqual({ address: null, symbol: 'vlan_dev_open', offset: null, module: '8021q' });
    expect(event.stack[6]).toEqual({ address: null, symbol: 'dev_hard_start_xmit', offset: null, module: null });
    expect(event.stack.filter((f) => f.module === 'ip_vs').map((f) => f.symbol)).toEqual(['ip_vs_tunnel_xmit', 'ip_vs_nat_icmp', 'ip_vs_out_icmp', 'ip_vs_out_icmp']);
  });

  it('6.14, rx_sk=(nil) and qdisc reasons; the command lines around them are not warnings', () => {
    const cake = parseFixture(perfScriptFormat, 'samples/perf-script/6.14-cake-rx_sk-nil-reason.txt');
    expect(cake.warnings).toEqual([]);
    expect(cake.records.map((r) => [r.comm, r.reason, r.location?.symbol, r.location?.offset, r.protocol])).toEqual([
      ['iperf3', 'QDISC_OVERLIMIT', '__dev_queue_xmit', 0x10f0, 34525],
      ['swapper', 'QDISC_CONGESTED', 'cake_dequeue', 0x5ef, 34525],
    ]);
    const fq = parseFixture(perfScriptFormat, 'samples/perf-script/6.14-fq-rx_sk-nil-reason.txt');
    expect(fq.warnings).toEqual([]);
    expect(fq.records.map((r) => r.reason)).toEqual([...Array(5).fill('FQ_DROP_FLOW_LIMIT'), ...Array(5).fill('FQ_DROP_BAND_LIMIT')]);
  });

  it('6.16, `| `-prefixed with a continued shell command: rx_sk pointer and CAN protocol 12', () => {
    const { records, warnings } = parseFixture(perfScriptFormat, 'samples/perf-script/6.16-can-rx_sk-pointer-pipeprefixed.txt');
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ line: 4, comm: 'tst-raw-sendto', pid: 10942, protocol: 12, reason: 'SOCKET_RCVBUF' });
    expect(records[0].args.rx_sk).toBe('0xffff97cf0f75a800');
  });

  it('6.2, the %pS location switch', () => {
    const { records } = parseFixture(perfScriptFormat, 'samples/perf-script/6.2-qdisc-drop-reason-symbolic-location.txt');
    expect(records[0]).toMatchObject({ comm: 'kpktgend_0', pid: 1337, reason: 'QDISC_DROP', location: { address: null, symbol: 'kfree_skb_list_reason', offset: 0x1e, module: null } });
  });

  it('6.5, e-mail quoted with `$` prompts', () => {
    const { records, warnings } = parseFixture(perfScriptFormat, 'samples/perf-script/6.5-bnxt-not-specified-emailquoted.txt');
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(10);
    expect(records[0]).toMatchObject({ line: 3, cpu: 14, reason: 'NOT_SPECIFIED', location: { symbol: 'dev_kfree_skb_any_reason', offset: 0x2e } });
  });

  it('CentOS 7 4.x, callchains into user space: user DSO frames keep their library as module', () => {
    const { records, warnings } = parseFixture(perfScriptFormat, 'samples/perf-script/centos7-4.x-containerd-callchain-7fff-addrs.txt');
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.line, r.endLine, r.skb, r.protocol])).toEqual([
      [6, 16, '0xffff8827bfced700', 0],
      [18, 26, '0xffff8827bfcec500', 0],
    ]);
    expect(records[0].stack[1]).toEqual({ address: null, symbol: 'unix_stream_connect', offset: null, module: null });
    expect(records[0].stack[6]).toEqual({ address: null, symbol: '__GI___libc_connect', offset: null, module: '/usr/lib64/libc-2.17.so' });
    expect(records[0].stack[9]).toEqual({ address: null, symbol: null, offset: null, module: null });
  });

  it('4.14 kretprobe with a named retval and a callchain through module hooks', () => {
    const { records, warnings } = parseFixture(perfScriptFormat, 'samples/perf-script/probe-4.14.252-kretprobe-retval-callchain-nf_hook_slow.txt');
    expect(warnings).toEqual([]);
    expect(records[0]).toMatchObject({
      type: 'probe-return',
      retval: 0,
      location: { address: '0xffffffff819ac910', symbol: 'ip_route_me_harder' },
      caller: { address: '0xffffffffa002b8f6', symbol: null },
    });
    expect(records[0].stack[1]).toEqual({ address: '0xffffffffa0084090', symbol: 'nft_nat_ipv4_local_fn', offset: 0x10, module: 'nft_chain_nat_ipv4' });
    expect(records[0].stack[2].module).toBeNull();
  });

  it('5.16 entry probe without arguments, e-mail quoted', () => {
    const { records, warnings } = parseFixture(perfScriptFormat, 'samples/perf-script/probe-5.16-entry-probe-kallsyms-callchain-skb-path-emailquoted.txt');
    expect(warnings).toEqual([]);
    expect(records[0]).toMatchObject({ type: 'probe', comm: 'vhost-3724', pid: 3733, location: { symbol: 'vhost_zerocopy_callback', address: '0xffffffff81af8c10' }, args: {} });
    expect(records[0].stack).toHaveLength(13);
  });

  it('6.18 kprobes group, headers and return pairs wrapped over lines', () => {
    const { records, warnings } = parseFixture(perfScriptFormat, 'samples/perf-script/probe-6.18-kprobes-group-entry-return-wrapped.txt');
    expect(warnings).toEqual([]);
    expect(records.map((r) => [r.line, r.endLine, r.type, r.caller?.address ?? null])).toEqual([
      [1, 2, 'probe', null],
      [3, 5, 'probe-return', '0xffffffffc03aa190'],
      [6, 7, 'probe', null],
      [8, 10, 'probe-return', '0xffffffffc03aa1b9'],
      [11, 12, 'probe', null],
      [13, 15, 'probe-return', '0xffffffffc03aa1db'],
      [16, 17, 'probe', null],
      [18, 20, 'probe-return', '0xffffffffc03ac957'],
    ]);
    expect(records[1].location).toEqual({ address: '0xffffffffc0348390', symbol: 'kvm_io_bus_register_dev', offset: null, module: null });
  });

  it('Fedora 31 module kretprobe: 32-bit ret=0xffffffa1 is -95 (EOPNOTSUPP); tc error output is warned', () => {
    const { records, warnings } = parseFixture(perfScriptFormat, 'samples/perf-script/probe-f31-5.x-module-kretprobe-ret-callchain.txt');
    expect(records[0]).toMatchObject({ comm: 'tc', pid: 115241, retval: -95, args: { ret: '0xffffffa1' } });
    expect(records[0].stack[1]).toEqual({ address: '0x7fa64c16cb77', symbol: '__libc_sendmsg', offset: 0x17, module: '/usr/lib64/libc-2.30.so' });
    // The sample pastes tc's own error output between the commands: two lines no perf grammar explains.
    expect(warningLines(warnings)).toEqual([
      { line: 2, code: 'perf-script/unrecognised-line' },
      { line: 3, code: 'perf-script/unrecognised-line' },
    ]);
  });

  it('net-next 5.7: a 64-bit arg1=0xffffffffffffffa1 is -95 as well', () => {
    const { records, warnings } = parseFixture(perfScriptFormat, 'samples/perf-script/probe-net-next-5.7-mlx5-module-kretprobe-arg1.txt');
    expect(warnings).toEqual([]);
    expect(records[0]).toMatchObject({ type: 'probe-return', retval: -95, location: { symbol: 'mlx5e_configure_flower' } });
  });
});

describe('perf-script: return values, clocks and lost events', () => {
  it('reads return values at their printed width', () => {
    expect([signedReturnValue('0x0'), signedReturnValue('0x1'), signedReturnValue('0xffffffa1'), signedReturnValue('0xffffffffffffffa1'), signedReturnValue('-22'), signedReturnValue('0x7fffffff')])
      .toEqual([0, 1, -95, -95, -22, 2147483647]);
  });

  it('switches to wall-clock time when the header says the samples use CLOCK_REALTIME', () => {
    const text = [
      '# ========',
      '# event : name = skb:kfree_skb, , id = { 1 }, type = 2, sample_type = IP|TID|TIME|CPU|RAW, use_clockid = 1, clockid = 0',
      '# clockid: realtime (0)',
      '# ========',
      'nc 42 [001] 1732474907.123456: skb:kfree_skb: skbaddr=0xffff888102446000 protocol=2048 location=nf_hook_slow+0x7d reason: NETFILTER_DROP',
    ].join('\n');
    const { records, meta } = parseWith(perfScriptFormat, text);
    expect(meta.clockid).toBe('realtime (0)');
    expect(records[0].time).toEqual({ clock: 'wall', value: 1732474907.123456 });
  });

  it('counts lost events into meta and warns where they were lost', () => {
    const text = [
      'nc 42 [001] 100.000001: skb:kfree_skb: skbaddr=0xffff888102446000 protocol=2048 location=0xffffffff8157d2b3',
      'perf     0 [001]   100.5: PERF_RECORD_LOST lost 12',
      'nc 42 [001] 101.000001: skb:kfree_skb: skbaddr=0xffff888102446000 protocol=2048 location=0xffffffff8157d2b3',
      'Warning:',
      'Processed 1000 events and lost 3 chunks!',
      'Check IO/CPU overload!',
    ].join('\n');
    const { records, warnings, meta } = parseWith(perfScriptFormat, text);
    expect(records).toHaveLength(2);
    expect(meta).toEqual({ lostEvents: '12', lostChunks: '3' });
    expect(warningLines(warnings)).toEqual([
      { line: 2, code: 'perf-script/lost-events' },
      { line: 5, code: 'perf-script/lost-events' },
    ]);
  });

  it('reads other tracepoints and consume_skb with their own types', () => {
    const text = [
      'ping 7 [000] 1.000001: net:netif_receive_skb: dev=eth0 skbaddr=0xffff888102446000 len=84',
      'ping 7 [000] 1.000002: skb:consume_skb: skbaddr=0xffff888102446000 location=icmp_rcv+0x1a',
      'gnome shell 1234 [003] 1.000003: skb:kfree_skb: skbaddr=0xffff888102446e00 protocol=2048 location=0xffffffff8157d2b3',
    ].join('\n');
    const { records } = parseWith(perfScriptFormat, text);
    expect(records.map((r) => [r.type, r.name, r.skb, r.comm])).toEqual([
      ['tracepoint', 'net:netif_receive_skb', '0xffff888102446000', 'ping'],
      ['consume_skb', 'skb:consume_skb', '0xffff888102446000', 'ping'],
      ['kfree_skb', 'skb:kfree_skb', '0xffff888102446e00', 'gnome shell'],
    ]);
    expect(records[1].location).toEqual({ address: null, symbol: 'icmp_rcv', offset: 0x1a, module: null });
  });
});

describe('perf-script: pasted copies read like the original', () => {
  const original = parseFixture(perfScriptFormat, 'cases/seed-centos7/perf-probe-script.txt');
  const text = fixtureText('cases/seed-centos7/perf-probe-script.txt');

  it('reads an e-mail quoted copy to the same records', () => {
    expect(parseWith(perfScriptFormat, emailQuoted(text)).records).toEqual(original.records);
  });

  it('reads a CRLF copy with ANSI colour to the same records, chunk size 7', () => {
    const { records, warnings } = parseWith(perfScriptFormat, crlfAnsi(text), 7);
    expect(warnings).toEqual([]);
    expect(records).toEqual(original.records);
  });
});

describe('perf-script: probe', () => {
  it('claims its own files', () => {
    expect(probeWith(perfScriptFormat, fixtureBytes('cases/hidden-hook/perf-script-kfree_skb.txt'))).toBeGreaterThanOrEqual(0.85);
    expect(probeWith(perfScriptFormat, fixtureBytes('samples/perf-script/6.2-qdisc-drop-reason-symbolic-location.txt'))).toBeGreaterThanOrEqual(0.3);
  });

  it.each(otherFormatFixtures('perf-script'))('does not claim %s', (path) => {
    expect(probeWith(perfScriptFormat, fixtureBytes(path))).toBeLessThan(0.3);
  });
});

describe('perf-script: bad input', () => {
  itSurvivesBadInput(perfScriptFormat, 'cases/hidden-hook/perf-script-kfree_skb.txt');
});
