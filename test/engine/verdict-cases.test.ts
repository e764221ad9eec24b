import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../cli/analyze-paths';
import type { Finding, Verdict } from '../../shared/model/verdict';

// The three fixture cases give the verdicts their EXPECTED.md states, and removing artifacts degrades the answer
// honestly. These read the real recordings in test/fixtures/cases/.

const CASES = 'test/fixtures/cases';

function run(caseName: string, without: string[] = []): Verdict {
  return analyzePaths([`${CASES}/${caseName}`], (name) => name.endsWith('.md') || without.includes(name)).verdict;
}

function findingFor(v: Verdict, proto: string, src: string, dst: string, dport: number | null): Finding {
  const f = v.findings.find((x) => x.flow.proto === proto && x.flow.src === src && x.flow.dst === dst && x.flow.dport === dport);
  if (!f) throw new Error(`no finding for ${proto} ${src} → ${dst}:${dport}; have ${JSON.stringify(v.findings.map((x) => x.flow))}`);
  return f;
}

describe('hidden-hook: an nftables base chain drops what iptables accepted', () => {
  const v = run('hidden-hook');
  const f = findingFor(v, 'tcp', '10.0.2.8', '10.0.0.3', 20202);

  it('names the hook, the reason, the free location and the nft rule', () => {
    expect({ flow: f.flow, outcome: f.outcome, hook: f.drop?.hook, reason: f.drop?.reason, location: f.drop?.location, owner: f.drop?.owner }).toEqual({
      flow: { proto: 'tcp', src: '10.0.2.8', sport: 43482, dst: '10.0.0.3', dport: 20202 },
      outcome: 'dropped',
      hook: 'LOCAL_IN',
      reason: 'NETFILTER_DROP',
      location: 'nft_do_chain+0x3e8',
      owner: { kind: 'nftables', backend: null, table: 'inet resguard', chain: 'net_hook_in_v4', rule: 'ip saddr @blacklist counter packets 8 bytes 528 drop', module: null, hookFunction: null, priority: 10 },
    });
  });

  it('is the first finding, says iptables accepted it first, and names the reused skb', () => {
    expect(v.findings[0]).toBe(f);
    expect(f.code).toBe('iptables-accepted-but-dropped');
    expect(f.explanation).toMatch(/iptables filter INPUT/);
    expect(f.drop?.skb).toContain('0xffff88810a9b80e0');
  });

  it('tells the story from the SYN on the wire to the drop, which comes last', () => {
    expect(f.timeline[0]).toMatchObject({ artifact: 'srv-eth0.pcap', what: expect.stringMatching(/^TCP SYN 10\.0\.2\.8:43482/) });
    const last = f.timeline[f.timeline.length - 1];
    expect(last.what).toMatch(/kfree_skb NETFILTER_DROP at nft_do_chain\+0x3e8 \(LOCAL_IN\)/);
    expect(f.timeline.some((e) => e.artifact === 'iptables-save-after.txt' && /filter INPUT rule 6 ACCEPT matched \(counter 0 → 6/.test(e.what))).toBe(true);
    const times = f.timeline.map((e) => e.t ?? '');
    expect(times.every((t) => /^2026-11-24T19:01:\d\d\.\d{6}Z$/.test(t))).toBe(true);
  });

  it('puts the since-boot perf trace on the wall clock through the LOG lines', () => {
    const perf = v.clocks.find((c) => c.artifact === 'perf-script-kfree_skb.txt');
    expect(perf?.method).toMatch(/same boot clock as dmesg\.txt: 6 LOG line/);
    expect(perf!.uncertainty).toBeLessThan(0.01);
  });

  it('reports the pings the same way and keeps the noise out', () => {
    const ping = findingFor(v, 'icmp', '10.0.2.8', '10.0.0.3', null);
    expect(ping.drop?.owner).toMatchObject({ kind: 'nftables', chain: 'net_hook_in_v4' });
    expect(v.findings).toHaveLength(2);
    expect(v.notes.join('\n')).toMatch(/NO_SOCKET at ping_rcv/);
  });
});

describe('output-synack: iptables drops the SYN-ACK at LOCAL_OUT', () => {
  const v = run('output-synack');
  const f = findingFor(v, 'tcp', '10.0.2.8', '10.0.0.3', 20202);
  it('names the user chain and rule that dropped the reply', () => {
    expect({ outcome: f.outcome, hook: f.drop?.hook, reason: f.drop?.reason, location: f.drop?.location, owner: f.drop?.owner }).toEqual({
      outcome: 'dropped',
      hook: 'LOCAL_OUT',
      reason: 'NETFILTER_DROP',
      location: 'nf_hook_slow+0x7d',
      owner: { kind: 'iptables', backend: 'legacy', table: 'filter', chain: 'EGRESS_GUARD', rule: '-A EGRESS_GUARD -d 10.0.2.8/32 -p tcp -m tcp --sport 20202 -j DROP', module: null, hookFunction: null, priority: 0 },
    });
    expect(f.code).toBe('iptables-drop');
    expect(f.timeline[f.timeline.length - 1].what).toMatch(/nf_hook_slow\+0x7d \(LOCAL_OUT\) — nf_hook_slow\+0x7d ← __ip_local_out/);
  });
});

describe('seed-centos7: a third-party module hook drops after iptables accepted', () => {
  const v = run('seed-centos7');
  const f = findingFor(v, 'tcp', '10.0.2.8', '10.0.0.3', 20202);
  it('names the module, its hook function and priority, confirmed by the probe return', () => {
    expect({ hook: f.drop?.hook, owner: f.drop?.owner, confidence: f.confidence, code: f.code }).toEqual({
      hook: 'LOCAL_IN',
      owner: { kind: 'module', backend: null, table: null, chain: null, rule: null, module: 'resguard_linux', hookFunction: 'net_hook_in_v4', priority: 225 },
      confidence: 'confirmed',
      code: 'iptables-accepted-but-dropped',
    });
    expect(f.drop?.skb).toContain('0xffff88003ebb2100');
    expect(f.drop?.reason).toBeNull();
    expect(f.timeline.some((e) => /net_hook_in_v4 returned 0 \(NF_DROP\)/.test(e.what))).toBe(true);
  });
});

describe('removing artifacts degrades the answer honestly', () => {
  it('hidden-hook without the nft ruleset: LOCAL_IN, nftables, chain unknown, asks for the ruleset', () => {
    const v = run('hidden-hook', ['nft-ruleset.txt']);
    const f = findingFor(v, 'tcp', '10.0.2.8', '10.0.0.3', 20202);
    expect(f.drop).toMatchObject({ hook: 'LOCAL_IN', owner: { kind: 'nftables', table: null, chain: null, rule: null } });
    expect(v.missing.join('\n')).toMatch(/nft -a list ruleset/);
  });

  it('hidden-hook without kernel traces: the ruleset evaluation infers the chain, and asks for a drop trace', () => {
    const v = run('hidden-hook', ['perf-script-kfree_skb.txt', 'bpftrace-kfree_skb.txt']);
    const f = findingFor(v, 'tcp', '10.0.2.8', '10.0.0.3', 20202);
    // No trace shows a reason; a netfilter rule's drop implies NETFILTER_DROP on a kernel that has reasons, and
    // nothing here says the kernel is older than 5.18.
    expect(f.drop).toMatchObject({ hook: 'LOCAL_IN', reason: 'NETFILTER_DROP', owner: { kind: 'nftables', table: 'inet resguard', chain: 'net_hook_in_v4' } });
    expect(f.confidence).toBe('inferred');
    expect(v.missing.join('\n')).toMatch(/perf record -e skb:kfree_skb -a -g/);
  });

  it('hidden-hook without captures: the drops name their packets through bpftrace and the LOG lines', () => {
    const v = run('hidden-hook', ['srv-eth0.pcap', 'c2-eth0.pcapng']);
    const f = findingFor(v, 'tcp', '10.0.2.8', '10.0.0.3', 20202);
    expect(f.drop).toMatchObject({ hook: 'LOCAL_IN', owner: { kind: 'nftables', chain: 'net_hook_in_v4' } });
    expect(v.missing.join('\n')).toMatch(/tcpdump/);
  });

  it('output-synack without kernel traces: the SYN-ACK evaluated through OUTPUT still names EGRESS_GUARD, inferred', () => {
    const v = run('output-synack', ['perf-script-kfree_skb.txt', 'bpftrace-kfree_skb.txt']);
    const f = findingFor(v, 'tcp', '10.0.2.8', '10.0.0.3', 20202);
    expect(f.drop).toMatchObject({ hook: 'LOCAL_OUT', owner: { kind: 'iptables', chain: 'EGRESS_GUARD' } });
    expect(f.confidence).toBe('inferred');
  });

  it('seed-centos7 without the perf probes: the crash listing points at the module, unconfirmed, and asks for a probe', () => {
    const v = run('seed-centos7', ['perf-probe-script.txt']);
    const f = findingFor(v, 'tcp', '10.0.2.8', '10.0.0.3', 20202);
    expect(f.drop?.owner).toMatchObject({ kind: 'module', module: 'resguard_linux', hookFunction: 'net_hook_in_v4', priority: 225 });
    expect(f.confidence).toBe('inferred');
    expect(f.missing.join('\n')).toMatch(/perf probe -m resguard_linux 'net_hook_in_v4%return \$retval'/);
  });

  it('seed-centos7 without the crash session and probes: LOCAL_IN, owner unknown, asks for the 3.10 hook listing', () => {
    const v = run('seed-centos7', ['perf-probe-script.txt', 'crash-session.log']);
    const f = findingFor(v, 'tcp', '10.0.2.8', '10.0.0.3', 20202);
    expect(f.drop?.hook).toBe('LOCAL_IN');
    expect(f.drop?.owner.kind).toBeNull();
    expect(f.code).toBe('iptables-accepted-but-dropped');
    expect(f.missing.join('\n')).toMatch(/list -H <that address> -s nf_hook_ops/);
  });
});
