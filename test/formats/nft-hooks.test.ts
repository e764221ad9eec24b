import { describe, expect, it } from 'vitest';
import { nftHooksFormat } from '../../shared/formats/nft-hooks.format';
import type { HookEntry } from '../../shared/model/hook-entry';
import {
  crlfAnsi, emailQuote, garbage, otherFormatsFiles, parseBytes, parseFile, parseText, probeBytes, probeFileWith, readText,
} from './text-format-harness';

const DIR = 'test/fixtures/samples/nft-hooks';
const S = {
  ebtables: `${DIR}/netdev-2021-ebtables-bridge-prerelease-unshare-tabs.txt`,
  v2: `${DIR}/netfilter-devel-2021-v2-list-hooks-ip-ip6-selinux.txt`,
  conntrack: `${DIR}/netfilter-devel-2024-ip-device-enp0s25-conntrack-defrag-nf_confirm.txt`,
  flowtable: `${DIR}/netfilter-devel-2025-flowtable-netdev-test0-pipe-quoted-tabs.txt`,
  nat: `${DIR}/netfilter-devel-2026-nat-postrouting-before-after-fragment.txt`,
  v100: `${DIR}/nftables-1.0.0-commit-ip-device-eth0-ingress-selinux.txt`,
  bpf: `${DIR}/nftables-1.0.8-commit-bpf-prog-id-fragment.txt`,
  netdev: `${DIR}/nftables-1.1.1-commit-netdev-device-eth0-ingress-egress.txt`,
  man: `${DIR}/nftables-man-list-hooks-inet-conntrack-nat-truncated.txt`,
  prerelease: `${DIR}/nftables-prerelease-2021-commit-iptable_raw-firewalld-comments.txt`,
};

/** family/hook/order priority function [module] chain, one string per entry, for compact assertions. */
function brief(entries: HookEntry[]): string[] {
  return entries.map((e) => {
    const what = e.nftChain ? `chain ${e.nftChain.family} ${e.nftChain.table} ${e.nftChain.chain}` : e.hookFunction ?? '-';
    return `${e.family}/${e.hook}${e.device ? `@${e.device}` : ''}#${e.order} ${e.priority} ${what}${e.module ? ` [${e.module}]` : ''}`;
  });
}

describe('nft-hooks: released format', () => {
  it('reads `list hooks ip device enp0s25` (2024): conntrack, defrag, nf_confirm at INT_MAX, a folded ingress chain', () => {
    const { records, warnings } = parseFile(nftHooksFormat, S.conntrack);
    expect(warnings).toEqual([]);
    expect(brief(records)).toEqual([
      'ip/INGRESS#0 0 chain netdev x y [nf_tables]',
      'ip/PRE_ROUTING#0 -400 ipv4_conntrack_defrag [nf_defrag_ipv4]',
      'ip/PRE_ROUTING#1 -200 ipv4_conntrack_in [nf_conntrack]',
      'ip/LOCAL_IN#0 0 chain ip filter in [nf_tables]',
      'ip/LOCAL_IN#1 2147483647 nf_confirm [nf_conntrack]',
      'ip/FORWARD#0 -225 selinux_ip_forward',
      'ip/LOCAL_OUT#0 -400 ipv4_conntrack_defrag [nf_defrag_ipv4]',
      'ip/LOCAL_OUT#1 -225 selinux_ip_output',
      'ip/LOCAL_OUT#2 -200 ipv4_conntrack_local [nf_conntrack]',
      'ip/POST_ROUTING#0 225 selinux_ip_postroute',
      'ip/POST_ROUTING#1 2147483647 nf_confirm [nf_conntrack]',
    ]);
    expect(records[3]).toEqual({
      kind: 'hook-entry', line: 10, family: 'ip', hook: 'LOCAL_IN', priority: 0, hookFunction: null, address: null,
      module: 'nf_tables', nftChain: { family: 'ip', table: 'filter', chain: 'in' }, device: null, order: 0,
    });
  });

  it('lists an inet chain under both ip and ip6 (2021 v2 mail, one-space indented)', () => {
    const { records, warnings, meta } = parseFile(nftHooksFormat, S.v2);
    expect(warnings).toEqual([]);
    expect(meta.command).toBe('nft list hooks');
    expect(records).toHaveLength(10);
    expect(brief(records.filter((e) => e.nftChain?.table === 'foo'))).toEqual([
      'ip/LOCAL_IN#0 300 chain inet foo bar [nf_tables]',
      'ip6/LOCAL_IN#0 300 chain inet foo bar [nf_tables]',
    ]);
    expect(records.find((e) => e.hookFunction === 'selinux_ipv6_forward')).toMatchObject({ family: 'ip6', hook: 'FORWARD', priority: -225, module: null });
  });

  it('takes the ingress device from the command for nft 1.0.0–1.1.0 folded ingress blocks; a double space before [nf_tables] is fine', () => {
    const { records } = parseFile(nftHooksFormat, S.v100);
    expect(brief(records).slice(0, 2)).toEqual([
      'ip/INGRESS@eth0#0 10 chain netdev x y [nf_tables]',
      'ip/INGRESS@eth0#1 300 chain inet m w [nf_tables]',
    ]);
    expect(brief(records.filter((e) => e.hook === 'FORWARD'))).toEqual(['ip/FORWARD#0 -225 selinux_ipv4_forward', 'ip/FORWARD#1 0 chain ip a c [nf_tables]']);
  });

  it('reads 1.1.1+ `hook ingress device eth0` / `hook egress device eth0` headers', () => {
    expect(brief(parseFile(nftHooksFormat, S.netdev).records)).toEqual([
      'netdev/INGRESS@eth0#0 0 chain inet ingress in_public [nf_tables]',
      'netdev/INGRESS@eth0#1 0 chain netdev ingress in_public [nf_tables]',
      'netdev/EGRESS@eth0#0 0 chain netdev ingress out_public [nf_tables]',
    ]);
  });

  it('reads flowtable hooks in both the old (function) and the 1.1.4 (flowtable object) form, `| `-quoted with prose between', () => {
    const { records, warnings } = parseFile(nftHooksFormat, S.flowtable);
    expect(records.map((e) => [e.line, e.family, e.hook, e.device, e.hookFunction, e.module, e.nftFlowtable ?? null])).toEqual([
      [3, 'netdev', 'INGRESS', 'test0', 'nf_flow_offload_ip_hook', 'nf_flow_table', null],
      [12, 'netdev', 'INGRESS', 'test0', null, 'nf_flow_table', { family: 'ip', table: 'mytable', name: 'myft' }],
    ]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['nft-hooks/unparsed-line', 7], ['nft-hooks/unparsed-line', 8]]);
  });

  it('reads a BPF program `nf_hook_run_bpf id 6` in a fragment with no family line', () => {
    const { records, warnings } = parseFile(nftHooksFormat, S.bpf);
    expect(records).toEqual([{
      kind: 'hook-entry', line: 2, family: '', hook: 'LOCAL_IN', priority: -128, hookFunction: 'nf_hook_run_bpf', address: null,
      module: null, nftChain: null, device: null, order: 0, bpfId: 6,
    }]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['nft-hooks/elided', 3], ['nft-hooks/truncated', 3], ['nft-hooks/no-family', 1]]);
  });

  it('guesses the family of a bare hook block from ipv6 function names, and says so', () => {
    const { records, warnings } = parseFile(nftHooksFormat, S.nat);
    expect(brief(records)).toEqual([
      'ip6/POST_ROUTING#0 100 nf_nat_ipv6_out [nf_nat]',
      'ip6/POST_ROUTING#1 2147483647 nf_confirm [nf_conntrack]',
      '/POST_ROUTING#0 200000 chain inet nat postrouting [nft_chain_nat]',
      '/POST_ROUTING#1 2147483647 nf_confirm [nf_conntrack]',
    ]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['nft-hooks/unparsed-line', 1], ['nft-hooks/no-family', 3], ['nft-hooks/unparsed-line', 8], ['nft-hooks/no-family', 9],
    ]);
  });

  it('keeps what the man page shows before its `[..]` cut', () => {
    const { records, warnings } = parseFile(nftHooksFormat, S.man);
    expect(brief(records)).toEqual([
      'ip/PRE_ROUTING#0 -400 ipv4_conntrack_defrag [nf_defrag_ipv4]',
      'ip/PRE_ROUTING#1 -200 ipv4_conntrack_in [nf_conntrack]',
      'ip/PRE_ROUTING#2 -100 nf_nat_ipv4_pre_routing [nf_nat]',
      'ip/LOCAL_IN#0 0 chain inet filter input [nf_tables]',
      'ip/LOCAL_IN#1 100 nf_nat_ipv4_local_in [nf_nat]',
    ]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['nft-hooks/elided', 11], ['nft-hooks/truncated', 11]]);
  });
});

describe('nft-hooks: written from the grammar (no sample)', () => {
  it('skips the 1.1.1+ `# device keyword … unexpected` comment and reads an entry with no description (no KALLSYMS)', () => {
    const text = '# device keyword (eth0) unexpected for this family\nfamily ip {\n\thook input {\n\t\t-0000000150\n\t}\n}\n';
    const { records, warnings } = parseText(nftHooksFormat, text);
    expect(warnings).toEqual([]);
    expect(brief(records)).toEqual(['ip/LOCAL_IN#0 -150 -']);
  });

  it('takes a `devices = { … }` line as the block\'s devices (unverified: the released printer has none)', () => {
    const text = 'family netdev {\n\thook ingress {\n\t\tdevices = { eth0, eth1 }\n\t\t 0000000000 chain netdev t c [nf_tables]\n\t}\n}\n';
    expect(parseText(nftHooksFormat, text).records[0]).toMatchObject({ device: 'eth0,eth1', hook: 'INGRESS', family: 'netdev' });
  });
});

describe('nft-hooks: 2021 pre-release format', () => {
  it('reads `family F hook H {` blocks, `+` on zero, and chains from the `# nft table … chain …` comment', () => {
    const { records, warnings } = parseFile(nftHooksFormat, S.prerelease);
    expect(brief(records)).toEqual([
      'ip/LOCAL_IN#0 0 chain ip filter input [nf_tables]',
      'ip/LOCAL_IN#1 10 chain ip firewalld filter_INPUT [nf_tables]',
      'ip/LOCAL_IN#2 100 nf_nat_ipv4_local_in [nf_nat]',
      'ip/LOCAL_IN#3 2147483647 ipv4_confirm [nf_conntrack]',
      'netdev/INGRESS@lo#0 0 nft_do_chain_netdev [nf_tables]',
      'ip/PRE_ROUTING#0 -400 ipv4_conntrack_defrag [nf_defrag_ipv4]',
      'ip/PRE_ROUTING#1 -300 iptable_raw_hook [iptable_raw]',
      'ip/PRE_ROUTING#2 -290 chain ip firewalld raw_PREROUTING [nf_tables]',
      'ip/PRE_ROUTING#3 -200 ipv4_conntrack_in [nf_conntrack]',
      'ip/PRE_ROUTING#4 -140 chain ip firewalld mangle_PREROUTING [nf_tables]',
      'ip/PRE_ROUTING#5 -100 nf_nat_ipv4_pre_routing [nf_nat]',
    ]);
    expect(records[0].hookFunction).toBe('nft_do_chain_inet');
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['nft-hooks/elided', 23]]);
  });

  it('reads the ebtables bridge hooks with INT_MIN and a prose lead-in', () => {
    const { records, warnings } = parseFile(nftHooksFormat, S.ebtables);
    expect(brief(records)).toEqual([
      'bridge/PRE_ROUTING#0 -2147483648 ebt_broute',
      'bridge/PRE_ROUTING#1 -300 ebt_nat_hook',
      'bridge/LOCAL_IN#0 -200 ebt_filter_hook',
      'bridge/FORWARD#0 -200 ebt_filter_hook',
      'bridge/LOCAL_OUT#0 100 ebt_nat_hook',
      'bridge/LOCAL_OUT#1 200 ebt_filter_hook',
      'bridge/POST_ROUTING#0 300 ebt_nat_hook',
    ]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['nft-hooks/unparsed-line', 1]]);
  });
});

describe('nft-hooks: bad input gives warnings with line numbers, never an exception', () => {
  const clean = readText(S.conntrack);

  it('empty, 1 byte, garbage', () => {
    expect(parseText(nftHooksFormat, '')).toEqual({ records: [], warnings: [{ code: 'nft-hooks/empty', message: expect.any(String) }], meta: {} });
    expect(parseText(nftHooksFormat, '}').warnings.map((w) => [w.code, w.line])).toEqual([['nft-hooks/stray-brace', 1], ['nft-hooks/no-entries', undefined]]);
    expect(() => parseBytes(nftHooksFormat, garbage(5000))).not.toThrow();
  });

  it('an entry outside any hook block, and a priority past 32 bits', () => {
    const { records, warnings } = parseText(nftHooksFormat, '+0000000010 nf_confirm\nhook input {\n+9999999999 x\n}\n');
    expect(records).toEqual([]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['nft-hooks/entry-outside-hook', 1], ['nft-hooks/bad-priority', 3], ['nft-hooks/no-family', 2], ['nft-hooks/no-entries', undefined],
    ]);
  });

  it('a truncated copy keeps the entries before the cut (the cut one has a priority and nothing else)', () => {
    const { records, warnings } = parseText(nftHooksFormat, clean.slice(0, clean.indexOf('nf_confirm')));
    expect(records).toHaveLength(5);
    expect(records[4]).toMatchObject({ line: 11, hook: 'LOCAL_IN', priority: 2147483647, hookFunction: null, module: null });
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['nft-hooks/truncated', 11]]);
  });

  it('one huge line', () => {
    const { warnings } = parseText(nftHooksFormat, `family ip {\n${'z'.repeat(3_000_000)}\n}\n`, 1 << 22);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([['nft-hooks/line-too-long', 2], ['nft-hooks/no-entries', undefined]]);
  });

  it('CRLF + ANSI colour and an email-quoted copy read like the original', () => {
    const original = parseText(nftHooksFormat, clean).records;
    expect(parseText(nftHooksFormat, crlfAnsi(clean)).records).toEqual(original);
    expect(parseText(nftHooksFormat, emailQuote(clean)).records).toEqual(original);
    expect(parseText(nftHooksFormat, clean, 3).records).toEqual(original);
  });
});

describe('nft-hooks: probe', () => {
  it('claims every sample', () => {
    for (const path of Object.values(S)) expect(probeFileWith(nftHooksFormat, path), path).toBeGreaterThanOrEqual(0.6);
  });

  it('claims no file of another format', () => {
    expect(otherFormatsFiles('nft-hooks').filter((p) => probeFileWith(nftHooksFormat, p) >= 0.3)).toEqual([]);
  });

  it('answers 0 for empty, 1-byte and random input', () => {
    expect(probeBytes(nftHooksFormat, new Uint8Array(0))).toBe(0);
    expect(probeBytes(nftHooksFormat, new Uint8Array([0x2b]))).toBe(0);
    expect(probeBytes(nftHooksFormat, garbage(4096))).toBe(0);
  });
});
