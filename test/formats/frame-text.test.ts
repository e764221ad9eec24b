import { describe, expect, it } from 'vitest';
import {
  frameFromSymbolText, isUntrustedSymbol, moduleName, parseBpftraceFrame, parseCrashFrame, parsePerfFrame, parseStapFrame,
} from '../../shared/formats/frame-text';
import { chatterKind } from '../../shared/formats/paste-chatter';
import { unquoteLine } from '../../shared/formats/unquote-paste';
import { arrowTuple, parseEndpoint } from '../../shared/formats/trace-tuple';

const frame = (address: string | null, symbol: string | null, offset: number | null, module: string | null = null) => ({ address, symbol, offset, module });

describe('frame text: one frame line per tool', () => {
  it('reads perf callchain frames: sym+off, bare sym, [unknown], module and user DSOs, wrapped-off DSO', () => {
    expect(parsePerfFrame('\tffffffff81f657b8 nft_do_chain+0x3e8 ([kernel.kallsyms])')).toEqual(frame('0xffffffff81f657b8', 'nft_do_chain', 0x3e8));
    expect(parsePerfFrame('        ffffffffa0084090 nft_nat_ipv4_local_fn+0x10 ([nft_chain_nat_ipv4])')).toEqual(frame('0xffffffffa0084090', 'nft_nat_ipv4_local_fn', 0x10, 'nft_chain_nat_ipv4'));
    expect(parsePerfFrame('        ffffffff8193e793 nf_hook_slow+0x43 (vmlinux-4.14.252)')).toEqual(frame('0xffffffff8193e793', 'nf_hook_slow', 0x43));
    expect(parsePerfFrame('       7fffb8745961 bpf_clone_redirect (/lib/modules/4.10.0+/build/vmlinux)')).toEqual(frame(null, 'bpf_clone_redirect', null));
    expect(parsePerfFrame('                  9d9851 dev_hard_start_xmit')).toEqual(frame(null, 'dev_hard_start_xmit', null));
    expect(parsePerfFrame('                       0 [unknown] ([unknown])')).toEqual(frame(null, null, null));
    expect(parsePerfFrame('            7fa64c16cb77 __libc_sendmsg+0x17 (/usr/lib64/libc-2.30.so)')).toEqual(frame('0x7fa64c16cb77', '__libc_sendmsg', 0x17, '/usr/lib64/libc-2.30.so'));
    expect(parsePerfFrame('nc  5266 [001]  5058.679090: skb:kfree_skb:')).toBeNull();
  });

  it('reads stap frames: [kernel], empty [], hex-only, (inexact), bare address only when asked', () => {
    expect(parseStapFrame(' 0xffffffff8157d2b3 : nf_hook_slow+0xf3/0x190 [kernel]')).toEqual(frame('0xffffffff8157d2b3', 'nf_hook_slow', 0xf3));
    expect(parseStapFrame('0xc05baab8 : nf_iterate+0x38/0x6a []')).toEqual(frame('0xc05baab8', 'nf_iterate', 0x38));
    expect(parseStapFrame(' 0xffffffffa00d0515 : virtnet_poll+0x265/0x750 [virtio_net] (inexact)')).toEqual(frame('0xffffffffa00d0515', 'virtnet_poll', 0x265, 'virtio_net'));
    expect(parseStapFrame(' 0xffffffffa0123456 [resguard_linux+0x1456/0x3000]')).toEqual(frame('0xffffffffa0123456', null, 0x1456, 'resguard_linux'));
    expect(parseStapFrame('0x0000000c')).toBeNull();
    expect(parseStapFrame('0x0000000c', true)).toEqual(frame('0x0000000c', null, null));
  });

  it('reads crash bt frames and exception RIPs (decimal offsets)', () => {
    expect(parseCrashFrame('#10 [ffff90bcafac35b8] nf_l2w_pre_routing at ffffffffc05a0268 [l2w]')).toEqual(frame('0xffffffffc05a0268', 'nf_l2w_pre_routing', null, 'l2w'));
    expect(parseCrashFrame(' #7 [ffffc9001762baf8] nf_hook_slow at ffffffff80ed24db')).toEqual(frame('0xffffffff80ed24db', 'nf_hook_slow', null));
    expect(parseCrashFrame('    [exception RIP: l2w_vdev_hard_xmit_broad_pkt+248]')).toEqual(frame(null, 'l2w_vdev_hard_xmit_broad_pkt', 248));
  });

  it('reads bpftrace kstack frames with decimal offsets, and the kstack(perf) form', () => {
    expect(parseBpftraceFrame('    kfree_skb+118')).toEqual(frame(null, 'kfree_skb', 118));
    expect(parseBpftraceFrame('\tffffffff81f657b8 nft_do_chain+1000')).toEqual(frame('0xffffffff81f657b8', 'nft_do_chain', 1000));
    expect(parseBpftraceFrame('kfree_skb+118')).toBeNull();
  });

  it('reads printed locations, hex by default and decimal on request', () => {
    expect(frameFromSymbolText('nft_do_chain+0x3e8')).toEqual(frame(null, 'nft_do_chain', 0x3e8));
    expect(frameFromSymbolText('tcp_v4_do_rcv+8e')).toEqual(frame(null, 'tcp_v4_do_rcv', 0x8e));
    expect(frameFromSymbolText('kfree_skb+118', 10)).toEqual(frame(null, 'kfree_skb', 118));
    expect(frameFromSymbolText('kfree_skb+8e', 10)).toBeNull();
    expect(frameFromSymbolText('0xFFFFFFFF8157D2B3')).toEqual(frame('0xffffffff8157d2b3', null, null));
    expect(frameFromSymbolText('two words')).toBeNull();
  });

  it('names modules: the kernel itself is null, .ko paths lose their suffix', () => {
    expect([moduleName('[kernel.kallsyms]'), moduleName('kernel'), moduleName('[]'), moduleName('/lib/modules/5.8.10/build/vmlinux'), moduleName('[ip_vs]'), moduleName('/lib/modules/6.1/kernel/net/nf_tables.ko.xz')])
      .toEqual([null, null, null, null, 'ip_vs', 'nf_tables']);
  });

  it('distrusts vmlinux end markers and megabyte offsets, not ordinary symbols', () => {
    expect(isUntrustedSymbol('__brk_limit', 0x1de1308c)).toBe(true);
    expect(isUntrustedSymbol('__init_scratch_end', 0xfbdc203)).toBe(true);
    expect(isUntrustedSymbol('_etext', 0x10)).toBe(true);
    expect(isUntrustedSymbol('nf_hook_slow', 0xf3)).toBe(false);
    expect(isUntrustedSymbol('some_symbol', 0x2000000)).toBe(true);
  });
});

describe('paste wrappers', () => {
  it('removes e-mail and patch quote prefixes but keeps indentation and look-alikes', () => {
    expect(unquoteLine('>   curl 32613 [014]  1546.957467: skb:kfree_skb:')).toBe('  curl 32613 [014]  1546.957467: skb:kfree_skb:');
    expect(unquoteLine('> >\tffffffff81e44fd0 sk_skb_reason_drop+0x90')).toBe('\tffffffff81e44fd0 sk_skb_reason_drop+0x90');
    expect(unquoteLine('| > ./raw/tst-raw-sendto vcan2')).toBe('./raw/tst-raw-sendto vcan2');
    expect(unquoteLine('>')).toBe('');
    expect(unquoteLine('[4, 8)  2 |@@@@|')).toBe('[4, 8)  2 |@@@@|');
    expect(unquoteLine('dropwatch> start')).toBe('dropwatch> start');
  });

  it('recognises prompts, commands, banners, elisions and asides — and not tool output', () => {
    expect(['[root@f31 ~]# perf script', '$ nettrace --monitor', 'dropwatch> start', 'root@host:/home/u# dropwatch -l kas'].map(chatterKind)).toEqual(['prompt', 'prompt', 'prompt', 'prompt']);
    expect(['perf script | head', 'tc qd replace dev eth0 root fq'].map(chatterKind)).toEqual(['command', 'command']);
    expect(['^C[ perf record: Woken up 1 times to write data ]', '[...]', '(pruned a bit)', '---- (second paste in the same thread) ----', '(send a test connection)'].map(chatterKind))
      .toEqual(['banner', 'elision', 'elision', 'elision', 'aside']);
    expect(['(/lib/modules/5.8.10/build/vmlinux)', '33 drops at tcp_v4_do_rcv+8e (0xffffffff8178619e)', 'RTNETLINK answers: Operation not supported'].map(chatterKind)).toEqual([null, null, null]);
  });

  it('reads endpoints and arrows: IPv4 ports, bracketed and port-suffixed IPv6, pwru proto suffix', () => {
    expect(parseEndpoint('10.0.2.8:43482')).toEqual({ address: '10.0.2.8', port: 43482 });
    expect(parseEndpoint('[fe80::1]:443')).toEqual({ address: 'fe80::1', port: 443 });
    expect(parseEndpoint('fe80::1:443', true)).toEqual({ address: 'fe80::1', port: 443 });
    expect(parseEndpoint('fe80::1:443')).toEqual({ address: 'fe80::1:443', port: null });
    expect(arrowTuple('172.16.0.1:0->172.16.0.2:0(icmp)', true)).toEqual({ proto: 'icmp', src: '172.16.0.1', sport: 0, dst: '172.16.0.2', dport: 0 });
    expect(arrowTuple('TCP: 10.0.0.3:20202 -> 10.0.2.8:43482 seq:1')).toEqual({ proto: null, src: '10.0.0.3', sport: 20202, dst: '10.0.2.8', dport: 43482 });
    expect(arrowTuple('a -> b')).toBeNull();
    expect(arrowTuple('52:54:00:00:00:03 -> 52:54:00:00:02:08')).toBeNull();
  });
});
