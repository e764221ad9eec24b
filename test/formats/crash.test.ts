import { describe, expect, it } from 'vitest';
import { crashFormat } from '../../shared/formats/crash.format';
import type { HookEntry, ModuleFact, SymbolFact } from '../../shared/model/hook-entry';
import type { HooklineRecord } from '../../shared/model/records';
import {
  crlfAnsi, emailQuote, garbage, otherFormatsFiles, parseBytes, parseFile, parseText, probeBytes, probeFileWith, readText,
} from './text-format-harness';

const SEED = 'test/fixtures/cases/seed-centos7/crash-session.log';
const DIR = 'test/fixtures/samples/crash';
const L2W = `${DIR}/3.10-bt-thirdparty-l2w-pre_routing-bridge.txt`;
const SYS61 = `${DIR}/6.1-sys-header-bt-nf_confirm-struct-member.txt`;
const TXHOOK = `${DIR}/centos7-3.10-bt-thirdparty-TxHook-module.txt`;
const RHEL8 = `${DIR}/rhel8-4.18-bt-irq-nf_defrag-wrapped-module.txt`;

const hooks = (records: HooklineRecord[]) => records.filter((r): r is HookEntry => r.kind === 'hook-entry');
const symbols = (records: HooklineRecord[]) => records.filter((r): r is SymbolFact => r.kind === 'symbol');
const modules = (records: HooklineRecord[]) => records.filter((r): r is ModuleFact => r.kind === 'module');

// A ≥4.16 session written from the crash / gdb documentation (no recorded sample exists): the per-family hook
// array `init_net.nf.hooks_ipv4[1]` is a `struct nf_hook_entries *`, printed as a gdb array of
// `{hook = 0x… <sym>, priv = …}` and as `hooks[i].hook = …` lines; no priorities (they live in nf_hook_ops).
const MODERN = `crash> sys
      KERNEL: /usr/lib/debug/lib/modules/5.14.0-362.el9.x86_64/vmlinux
    DUMPFILE: /var/crash/vmcore  [PARTIAL DUMP]
     RELEASE: 5.14.0-362.el9.x86_64
    NODENAME: edge-01
crash> p init_net.nf.hooks_ipv4[1]
$1 = (struct nf_hook_entries *) 0xffff8880047d5e00
crash> p ((struct nf_hook_entries *)0xffff8880047d5e00)->hooks[0]@3
$2 = {{
    hook = 0xffffffffc04a8010 <nft_do_chain_inet>,
    priv = 0xffff888005d2a000
  }, {
    hook = 0xffffffffc0a21230 <edge_filter_in>,
    priv = 0x0
  }, {
    hook = 0xffffffff81a4e2b0 <nf_confirm>,
    priv = 0x0
  }}
crash> struct nf_hook_entries 0xffff8880047d5e00
struct nf_hook_entries {
  num_hook_entries = 3,
  hooks = 0xffff8880047d5e08
}
crash> p init_net.nf.hooks_ipv6[3]
$3 = (struct nf_hook_entries *) 0xffff888004a1c000
crash> nf_hook_entries 0xffff888004a1c000
  num_hook_entries = 2
  hooks[0].hook = 0xffffffffc0ab1000 <ipv6_conntrack_local>
  hooks[1].hook = 0xffffffffc0ab2000 <ip6t_do_table>
crash> sym edge_filter_in
ffffffffc0a21230 (t) edge_filter_in [edgeguard]
crash> sym nf_confirm
ffffffff81a4e2b0 (T) nf_confirm /usr/src/debug/kernel-5.14.0-362.el9/net/netfilter/nf_conntrack_proto.c: 166
crash> mod
     MODULE       NAME                   TEXT_BASE         SIZE  OBJECT FILE
ffffffffc0a23040  edgeguard           ffffffffc0a21000    16384  (not loaded)  [CONFIG_KALLSYMS]
ffffffffc04b9140  nf_tables           ffffffffc0490000   303104  (not loaded)  [CONFIG_KALLSYMS]
crash> foo bar
some unknown output
more unknown output
crash> bt -l
PID: 0        TASK: ffffffff82a1a940  CPU: 0    COMMAND: "swapper/0"
 #0 [ffffc90000003d28] nft_do_chain at ffffffffc04a7e3d [nf_tables]
    /usr/src/debug/kernel-5.14.0-362.el9/net/netfilter/nf_tables_core.c: 287
 #1 [ffffc90000003d58] ip_local_deliver at ffffffff81acb3c9
crash> q
`;

// 3.10: one `struct nf_hook_ops` printed whole, its owner matched against the `mod` table; a built-in hook.
const STRUCT_310 = `crash> struct nf_hook_ops ffffffffa05f2140
struct nf_hook_ops {
  list = {
    next = 0xffffffffa0256220,
    prev = 0xffffffffa0265160
  },
  hook = 0xffffffffa05f0330 <net_hook_in_v4>,
  owner = 0xffffffffa05f2380,
  pf = 2 '\\002',
  hooknum = 1,
  priority = 225
}
crash> struct nf_hook_ops ffffffff81a0c2e0
struct nf_hook_ops {
  list = {
    next = 0xffffffff81a8f5f0,
    prev = 0xffffffff81a8f5f0
  },
  hook = 0xffffffff8158f7a0 <selinux_ipv4_forward>,
  owner = 0x0,
  pf = 2 '\\002',
  hooknum = 2,
  priority = -225
}
crash> mod
     MODULE       NAME                      SIZE  OBJECT FILE
ffffffffa05f2380  resguard_linux           59811  (not loaded)  [CONFIG_KALLSYMS]
`;

describe('crash: the seed-centos7 session (3.10, nf_hooks[2][1])', () => {
  const { records, warnings, meta } = parseFile(crashFormat, SEED);

  it('lists the six LOCAL_IN IPv4 hooks in run order, net_hook_in_v4 at 225 in resguard_linux', () => {
    expect(hooks(records).map((h) => [h.order, h.family, h.hook, h.priority, h.hookFunction, h.module])).toEqual([
      [0, 'ip', 'LOCAL_IN', -150, 'iptable_mangle_hook', null],
      [1, 'ip', 'LOCAL_IN', 0, 'iptable_filter_hook', 'iptable_filter'],
      [2, 'ip', 'LOCAL_IN', 100, 'nf_nat_ipv4_fn', null],
      [3, 'ip', 'LOCAL_IN', 225, 'net_hook_in_v4', 'resguard_linux'],
      [4, 'ip', 'LOCAL_IN', 300, 'ipv4_helper', null],
      [5, 'ip', 'LOCAL_IN', 2147483647, 'ipv4_confirm', null],
    ]);
    expect(hooks(records)[3]).toEqual({
      kind: 'hook-entry', line: 69, family: 'ip', hook: 'LOCAL_IN', priority: 225, hookFunction: 'net_hook_in_v4',
      address: '0xffffffffa05f0330', module: 'resguard_linux', nftChain: null, device: null, order: 3,
    });
  });

  it('says which hooks sit in a module the session does not name (owner set, no sym / mod line)', () => {
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['crash/module-unknown', 51], ['crash/module-unknown', 63], ['crash/module-unknown', 75], ['crash/module-unknown', 81],
    ]);
    expect(warnings[0].message).toContain('owner 0xffffffffa0231000');
  });

  it('keeps the sym facts, with file:line', () => {
    expect(symbols(records).filter((s) => s.type !== null)).toEqual([
      { kind: 'symbol', line: 42, address: '0xffffffff8157d1c0', type: 'T', name: 'nf_hook_slow', module: null, source: '/usr/src/debug/kernel-3.10.0-1160.el7/linux-3.10.0-1160.el7.x86_64/net/netfilter/core.c:170' },
      { kind: 'symbol', line: 88, address: '0xffffffffa05f0330', type: 't', name: 'net_hook_in_v4', module: 'resguard_linux', source: null },
    ]);
  });

  it('maps the return address after `callq <kfree_skb>` (nf_hook_slow+243) to core.c:189 from dis -l', () => {
    const after = symbols(records).find((s) => s.name === 'nf_hook_slow' && s.offset === 243);
    expect(after).toMatchObject({ line: 47, address: '0xffffffff8157d2b3', source: expect.stringMatching(/net\/netfilter\/core\.c:189$/) });
    expect(symbols(records).find((s) => s.offset === 238)?.source).toMatch(/core\.c:188$/);
    expect(symbols(records).find((s) => s.name === 'kfree_skb')).toMatchObject({ address: '0xffffffff8155ac30', offset: 0 });
    expect(symbols(records).find((s) => s.name === 'rg_ip_whitelist_lookup')).toMatchObject({ address: '0xffffffffa05f0a10' });
  });

  it('reads the mod table and the sys header', () => {
    expect(modules(records)).toEqual([
      { kind: 'module', line: 91, name: 'iptable_filter', size: 12810, address: '0xffffffffa023b000', taint: null },
      { kind: 'module', line: 92, name: 'resguard_linux', size: 59811, address: '0xffffffffa05f2380', taint: null },
    ]);
    expect(meta).toMatchObject({ release: '3.10.0-1160.el7.x86_64', nodename: 'srv-prod-03', date: 'Tue Nov 24 19:52:59 2026', cpus: '4', loadAverage: '0.08, 0.05, 0.05' });
    expect(records).toHaveLength(15);
  });
});

describe('crash: hook lists of other kernels (hand-written from the crash docs)', () => {
  it('reads ≥4.16 nf_hook_entries arrays: gdb `{hook = …}` elements and `hooks[i].hook` lines (unverified)', () => {
    const { records, warnings, meta } = parseText(crashFormat, MODERN);
    expect(hooks(records).map((h) => [h.family, h.hook, h.order, h.priority, h.hookFunction, h.address, h.module])).toEqual([
      ['ip', 'LOCAL_IN', 0, null, 'nft_do_chain_inet', '0xffffffffc04a8010', null],
      ['ip', 'LOCAL_IN', 1, null, 'edge_filter_in', '0xffffffffc0a21230', 'edgeguard'],
      ['ip', 'LOCAL_IN', 2, null, 'nf_confirm', '0xffffffff81a4e2b0', null],
      ['ip6', 'LOCAL_OUT', 0, null, 'ipv6_conntrack_local', '0xffffffffc0ab1000', null],
      ['ip6', 'LOCAL_OUT', 1, null, 'ip6t_do_table', '0xffffffffc0ab2000', null],
    ]);
    // nf_confirm is built-in (sym printed no module); the others have no sym line in the session.
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['crash/unrecognised-output', 39], ['crash/module-unknown', 10], ['crash/module-unknown', 28], ['crash/module-unknown', 29],
    ]);
    expect(warnings[0].message).toContain('foo bar');
    expect(modules(records).map((m) => [m.name, m.address, m.size])).toEqual([
      ['edgeguard', '0xffffffffc0a21000', 16384], ['nf_tables', '0xffffffffc0490000', 303104],
    ]);
    expect(symbols(records).find((s) => s.name === 'nft_do_chain')).toMatchObject({ module: 'nf_tables', offset: null, source: expect.stringMatching(/nf_tables_core\.c:287$/) });
    expect(meta).toMatchObject({ release: '5.14.0-362.el9.x86_64', nodename: 'edge-01', dumpfile: '/var/crash/vmcore  [PARTIAL DUMP]' });
  });

  it('reads 3.10 `struct nf_hook_ops` blocks: pf/hooknum place them, owner ↔ mod names the module, owner 0x0 is built-in', () => {
    const { records, warnings } = parseText(crashFormat, STRUCT_310);
    expect(warnings).toEqual([]);
    expect(hooks(records).map((h) => [h.line, h.family, h.hook, h.priority, h.hookFunction, h.module])).toEqual([
      [7, 'ip', 'LOCAL_IN', 225, 'net_hook_in_v4', 'resguard_linux'],
      [19, 'ip', 'FORWARD', -225, 'selinux_ipv4_forward', null],
    ]);
  });
});

describe('crash: real bt pastes', () => {
  it('keeps bt frames as symbol facts, module tags included, exception offsets decimal', () => {
    const { records, warnings } = parseFile(crashFormat, L2W);
    expect(warnings).toEqual([]);
    const facts = symbols(records);
    expect(facts).toHaveLength(22);
    expect(facts.find((s) => s.name === 'l2w_vdev_hard_xmit_broad_pkt')).toEqual({
      kind: 'symbol', line: 7, address: '0xffffffffc05a3b78', type: null, name: 'l2w_vdev_hard_xmit_broad_pkt', module: null, source: null, offset: 248,
    });
    expect(facts.find((s) => s.name === 'nf_l2w_pre_routing')).toMatchObject({ line: 14, address: '0xffffffffc05a0268', module: 'l2w', offset: null });
    expect(facts.find((s) => s.name === 'br_handle_frame')?.module).toBe('bridge');
  });

  it('joins a module tag hard-wrapped onto its own line to its frame (RHEL 8 paste)', () => {
    const { records, warnings } = parseFile(crashFormat, RHEL8);
    expect(warnings).toEqual([]);
    expect(symbols(records).find((s) => s.name === 'ipv4_conntrack_defrag')).toMatchObject({ line: 11, module: 'nf_defrag_ipv4' });
    expect(symbols(records)[0]).toMatchObject({ name: 'kmem_cache_alloc', offset: 129, address: '0xffffffff9d27a121' });
  });

  it('warns once for a paste that starts mid-frame, and keeps `[module]` as crash printed it', () => {
    const { records, warnings } = parseFile(crashFormat, TXHOOK);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['crash/unrecognised-output', 1]]);
    expect(symbols(records).find((s) => s.name === 'TxHook')).toMatchObject({ module: 'module', address: '0xffffffffa0858b07' });
    expect(symbols(records)).toHaveLength(23);
  });

  it('reads the 6.1 sys header (PANIC) and its bt; a DUMPFILE value wrapped onto line 1 is one warning', () => {
    const { records, warnings, meta } = parseFile(crashFormat, SYS61);
    expect(meta).toMatchObject({ release: '6.1', nodename: 'MYNODE', cpus: '64', panic: expect.stringContaining('nf_ct_expect_insert') });
    expect(symbols(records).map((s) => s.name).slice(4, 8)).toEqual(['tftp_help', 'nf_confirm', 'ipv4_confirm', 'nf_hook_slow']);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['crash/unrecognised-output', 1]]);
  });
});

describe('crash: bad input gives warnings with line numbers, never an exception', () => {
  const clean = readText(SEED);

  it('empty, 1 byte, garbage', () => {
    expect(parseText(crashFormat, '')).toEqual({ records: [], warnings: [{ code: 'crash/empty', message: expect.any(String) }], meta: {} });
    expect(parseText(crashFormat, '#').warnings.map((w) => [w.code, w.line])).toEqual([['crash/unrecognised-output', 1], ['crash/no-records', undefined]]);
    expect(() => parseBytes(crashFormat, garbage(5000))).not.toThrow();
  });

  it('a truncated copy keeps the hooks before the cut', () => {
    const { records } = parseText(crashFormat, clean.slice(0, clean.indexOf('ffffffffa05f2140')));
    expect(hooks(records).map((h) => h.hookFunction)).toEqual(['iptable_mangle_hook', 'iptable_filter_hook', 'nf_nat_ipv4_fn']);
  });

  it('one huge line', () => {
    const { warnings } = parseText(crashFormat, `crash> p x\n${'w'.repeat(3_000_000)}\n`, 1 << 22);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['crash/unrecognised-output', 2]]);
  });

  it('CRLF + ANSI colour and an email-quoted copy read like the original', () => {
    const original = parseText(crashFormat, clean).records;
    expect(parseText(crashFormat, crlfAnsi(clean)).records).toEqual(original);
    expect(parseText(crashFormat, emailQuote(clean)).records).toEqual(original);
    expect(parseText(crashFormat, clean, 3).records).toEqual(original);
  });
});

describe('crash: probe', () => {
  it('claims the seed session and every sample', () => {
    for (const path of [SEED, L2W, SYS61, TXHOOK, RHEL8]) expect(probeFileWith(crashFormat, path), path).toBeGreaterThanOrEqual(0.7);
  });

  it('claims no file of another format', () => {
    expect(otherFormatsFiles('crash').filter((p) => probeFileWith(crashFormat, p) >= 0.3)).toEqual([]);
  });

  it('answers 0 for empty, 1-byte and random input', () => {
    expect(probeBytes(crashFormat, new Uint8Array(0))).toBe(0);
    expect(probeBytes(crashFormat, new Uint8Array([0x23]))).toBe(0);
    expect(probeBytes(crashFormat, garbage(4096))).toBe(0);
  });
});
