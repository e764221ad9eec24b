import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/model/verdict';
import { flowText, ownerShort, ownerText, verdictLine } from '../../shared/report/finding-text';
import { reportSummary } from '../../shared/report/report-summary';
import { collectNext, splitCommand } from '../../shared/report/collect-next';
import { reportCaveats } from '../../shared/report/report-caveats';
import { caseInput } from './report-kit';

// How findings read in words, from the real cases.

describe('finding text', () => {
  it('names flows, IPv6 with brackets', () => {
    expect(flowText({ proto: 'tcp', src: '10.0.2.8', sport: 43482, dst: '10.0.0.3', dport: 20202 })).toBe('tcp 10.0.2.8:43482 → 10.0.0.3:20202');
    expect(flowText({ proto: 'icmp', src: '10.0.2.8', sport: null, dst: '10.0.0.3', dport: null })).toBe('icmp 10.0.2.8 → 10.0.0.3');
    expect(flowText({ proto: 'udp', src: 'fd00::8', sport: 5353, dst: 'fd00::3', dport: 53 })).toBe('udp [fd00::8]:5353 → [fd00::3]:53');
  });

  it('hidden-hook: the verdict line names hook, owner, rule, reason and confidence', () => {
    const f = caseInput('test/fixtures/cases/hidden-hook').verdict.findings[0];
    expect(verdictLine(f)).toBe(`DROPPED tcp 10.0.2.8:43482 → 10.0.0.3:20202 at LOCAL_IN by nftables table inet resguard, chain net_hook_in_v4 (priority 10), rule "${f.drop?.owner.rule}" [NETFILTER_DROP; ${f.confidence}]`);
    expect(ownerShort(f.drop?.owner)).toBe('nftables inet resguard / net_hook_in_v4 · prio 10');
  });

  it('seed-centos7: a module owner', () => {
    const f = caseInput('test/fixtures/cases/seed-centos7').verdict.findings[0];
    expect(ownerText(f.drop?.owner)).toBe('kernel module resguard_linux, hook function net_hook_in_v4 (priority 225)');
    expect(ownerShort(f.drop?.owner)).toBe('resguard_linux · net_hook_in_v4 · prio 225');
  });

  it('an unknown owner is said to be unknown, and a drop-less finding says so', () => {
    const f = caseInput('test/fixtures/cases/hidden-hook').verdict.findings[0];
    const open: Finding = { ...f, drop: { ...f.drop!, hook: null, owner: { ...f.drop!.owner, kind: null, table: null, chain: null, rule: null, priority: null } } };
    expect(verdictLine(open)).toMatch(/^DROPPED tcp .* at a hook the artifacts do not name by an owner the artifacts do not name \[NETFILTER_DROP; /);
    expect(verdictLine({ ...f, drop: null })).toMatch(/with no drop observed by an owner the artifacts do not name/);
  });
});

describe('summary, caveats and commands', () => {
  it('hidden-hook: one sentence per place, confidence, and nothing left to collect', () => {
    const v = caseInput('test/fixtures/cases/hidden-hook').verdict;
    const s = reportSummary(v);
    expect(s).toMatch(/^Hookline analysed \d+ artifacts and found 2 flows that did not get through\. Both were dropped at LOCAL_IN by nftables table inet resguard, chain net_hook_in_v4 \(priority 10\)\./);
    expect(s).toMatch(/Confidence: /);
    expect(reportSummary({ ...v, findings: [], missing: [] })).toBe(`Hookline analysed ${v.artifacts.length} artifacts and found no flow that failed to get through.`);
  });

  it('puts since-boot clocks at their zero on the wall clock, with uncertainty and method', () => {
    const v = caseInput('test/fixtures/cases/hidden-hook').verdict;
    const perf = reportCaveats(v).clocks.find((c) => c.artifact === 'perf-script-kfree_skb.txt')!;
    const offset = v.clocks.find((c) => c.artifact === 'perf-script-kfree_skb.txt')!.offset;
    expect(perf.offset).toMatch(/^clock zero at 2026-11-24T\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(perf.offset.slice('clock zero at '.length)) / 1000).toBeCloseTo(offset, 2);
    expect(perf.uncertainty).toBe('±1 ms');
    expect(reportCaveats({ ...v, clocks: [{ artifact: 'x', offset: -0.25, uncertainty: 0.002, method: 'm' }] }).clocks[0]).toEqual({ artifact: 'x', offset: '−0.250000 s', uncertainty: '±2 ms', method: 'm' });
  });

  it('says what no artifact covers when rulesets and traces are missing', () => {
    const v = caseInput('test/fixtures/cases/hidden-hook').verdict;
    const bare = { ...v, artifacts: v.artifacts.filter((a) => a.format === 'pcap') };
    expect(reportCaveats(bare).coverage).toEqual([
      'No iptables dump (iptables-save -c): iptables rules and counters were not checked.',
      'No nft ruleset (nft -a list ruleset): nftables base chains on the hooks are not known.',
      'No hook listing (nft list hooks, or crash on a vmcore): functions that modules registered on a hook are known only where a stack trace names them.',
      'No kernel drop trace (perf / bpftrace / stap / dropwatch): where the kernel freed the packets is inferred, not observed.',
    ]);
  });

  it('splits a command from its precondition and merges the findings that need it', () => {
    expect(splitCommand('nft list hooks > nft-hooks.txt   (nftables ≥ 1.0.1, kernel with NETFILTER_NETLINK_HOOK)')).toEqual({ command: 'nft list hooks > nft-hooks.txt', note: 'nftables ≥ 1.0.1, kernel with NETFILTER_NETLINK_HOOK' });
    expect(splitCommand("perf probe -m m 'f%return $retval' && perf script")).toEqual({ command: "perf probe -m m 'f%return $retval' && perf script", note: null });
    const v = caseInput('test/fixtures/cases/hidden-hook').verdict;
    const withMissing = { ...v, findings: v.findings.map((f) => ({ ...f, missing: ['nft list hooks > nft-hooks.txt   (needs nft)'] })), missing: ['nft list hooks > nft-hooks.txt   (needs nft)', 'tcpdump -w x.pcap'] };
    expect(collectNext(withMissing)).toEqual([
      { command: 'nft list hooks > nft-hooks.txt', note: 'needs nft', findings: [1, 2] },
      { command: 'tcpdump -w x.pcap', note: null, findings: [] },
    ]);
  });
});
