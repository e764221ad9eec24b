import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../cli/analyze-paths';
import { ingestArtifact } from '../../shared/engine/ingest';
import { indexCase } from '../../shared/correlate/case-index';
import { conntrackFacts } from '../../shared/correlate/conntrack-evidence';
import { counterChanges, snapshotBase, snapshotRole } from '../../shared/correlate/counter-snapshots';
import { tcDirectionOf } from '../../shared/kernel/tc-drop-sites';
import { fileSource } from '../../cli/node-source';
import { nodeSha256 } from '../../cli/node-hasher';

// Kernel state as evidence (issue 10), on cases recorded with test/lab on a 6.18 kernel: a tc BPF program dropping on
// ingress (tc-bpf-ingress-drop), stray ACKs INVALID to conntrack with `conntrack -S` before/after (ct-invalid-stats),
// a SYN-ACK dropped before conntrack saw it, leaving an [UNREPLIED] entry (ct-unreplied-raw-output); and the public
// `nf_conntrack: table full` dmesg sample.

const LAB = 'test/fixtures/lab-cases';

function tcpFinding(dir: string, without: RegExp | null = null) {
  const { verdict } = analyzePaths([dir], (n) => n.endsWith('.md') || (without !== null && without.test(n)));
  return verdict.findings.find((f) => f.flow.src === '10.0.2.8' && f.flow.proto === 'tcp' && f.flow.dport === 20202);
}

describe('a tc BPF program dropping on ingress', () => {
  const dir = `${LAB}/tc-bpf-ingress-drop`;

  it('names the program from the TC_INGRESS drop and the attach facts, corroborated by the qdisc counter that grew', () => {
    const f = tcpFinding(dir)!;
    expect(f.drop).toMatchObject({ hook: null, reason: 'TC_INGRESS', owner: { kind: 'bpf', hookFunction: 'hl_tc_drop', table: null, chain: null, rule: null } });
    expect({ code: f.code, confidence: f.confidence }).toEqual({ code: 'tc-drop', confidence: 'corroborated' });
    expect(f.explanation).toMatch(/tc ingress on eth0 by the BPF program hl_tc_drop/);
    expect(f.explanation).toMatch(/clsact ffff: qdisc on eth0 counted 8 more dropped packets between tc-s-qdisc-before\.txt and tc-s-qdisc-after\.txt/);
    expect(f.evidence).toEqual(expect.arrayContaining([
      { artifact: 'tc-s-qdisc-after.txt', ref: 'line 6', text: 'clsact ffff: on eth0: dropped 0 → 8' },
      expect.objectContaining({ artifact: 'bpftool-net-prog-show.txt', ref: 'line 5' }),
    ]));
    expect(f.hookPath).toEqual([expect.objectContaining({ kind: 'bpf', label: 'tc ingress eth0 hl_tc_drop', dropped: true })]);
    // The drop stays last; the counter and attach facts come just before it.
    expect(f.timeline[f.timeline.length - 1].what).toMatch(/^kfree_skb TC_INGRESS at __netif_receive_skb_core/);
    expect(f.timeline.map((e) => e.what)).toContain('qdisc clsact ffff: on eth0: dropped 0 → 8 between the snapshots (+8)');
    // No netfilter rule was involved: no iptables ACCEPT step, no rule trace proposed.
    expect(f.missing.join('\n')).not.toMatch(/nftrace|TRACE/);
  });

  it('with bpftrace alone (a numeric reason no release decodes) infers tc from the freeing function and the counter', () => {
    const f = tcpFinding(dir, /perf-script/)!;
    expect(f.drop?.owner).toMatchObject({ kind: 'bpf', hookFunction: 'hl_tc_drop' });
    expect(f.confidence).toBe('inferred');
    expect(f.explanation).toMatch(/freed in __netif_receive_skb_core\S* with no decoded drop reason/);
  });

  it('without any drop trace, the clsact counter that grew and the one program there give an inferred owner', () => {
    const f = tcpFinding(dir, /perf-script|bpftrace/)!;
    expect(f.drop?.owner).toMatchObject({ kind: 'bpf', hookFunction: 'hl_tc_drop' });
    expect({ code: f.code, confidence: f.confidence, hook: f.drop?.hook }).toEqual({ code: 'tc-drop', confidence: 'inferred', hook: null });
    expect(f.explanation).toMatch(/No kernel drop trace names the place/);
  });

  it('a single qdisc snapshot is said to be weak, and without a drop trace it names no owner', () => {
    const traced = tcpFinding(dir, /tc-s-qdisc-before/)!;
    expect(traced.drop?.owner.kind).toBe('bpf');
    expect(traced.explanation).toMatch(/with a single snapshot that is the count since the qdisc was created, for any traffic/);
    const untraced = tcpFinding(dir, /tc-s-qdisc-before|perf-script|bpftrace/)!;
    expect(untraced.drop?.owner.kind ?? null).toBeNull();
    expect(untraced.code).not.toMatch(/^tc-/);
    expect(untraced.explanation).toMatch(/tc-s-qdisc-after\.txt shows 8 packets dropped by the clsact ffff: qdisc on eth0; with a single snapshot/);
    expect(untraced.missing).toContain('tc -s qdisc show dev eth0; tc -s filter show dev eth0 ingress   (before and after reproducing: which filter shot the packets)');
    // The attached program is still something to look at: a collect-next line, not an owner.
    expect(untraced.missing.join('\n')).toMatch(/bpftool prog dump xlated id 235 .*hl_tc_drop is attached on eth0 clsact\/ingress/);
  });

  it('without the attach facts the place is known but not the program: owner unknown, bpftool to collect', () => {
    const f = tcpFinding(dir, /bpftool/)!;
    expect(f.drop).toMatchObject({ reason: 'TC_INGRESS', hook: null, owner: { kind: null } });
    expect(f.code).toBe('tc-drop');
    expect(f.missing.join('\n')).toMatch(/bpftool net show/);
    expect(f.missing.join('\n')).toMatch(/tc -s filter show dev eth0 ingress/);
  });

  it('reads the drop reasons and functions of tc, qdiscs and XDP, and nothing else', () => {
    expect(tcDirectionOf('TC_EGRESS', null)).toBe('egress');
    expect(tcDirectionOf('XDP', null)).toBe('xdp');
    expect(tcDirectionOf('NETFILTER_DROP', 'sch_handle_ingress')).toBeNull();
    expect(tcDirectionOf(null, 'sch_handle_ingress.constprop.0')).toBe('ingress');
    expect(tcDirectionOf(null, '__netif_receive_skb_core.constprop.0')).toBeNull();
  });
});

describe('conntrack as evidence', () => {
  it('INVALID growth between two conntrack -S snapshots decides the --ctstate INVALID rule (no undecidable match left)', () => {
    const f = tcpFinding(`${LAB}/ct-invalid-stats`)!;
    expect(f.drop?.owner).toMatchObject({ kind: 'iptables', table: 'filter', chain: 'INPUT', rule: '-A INPUT -m conntrack --ctstate INVALID -j DROP' });
    expect(f.confidence).toBe('corroborated');
    expect(f.explanation).toMatch(/Conntrack counted 4 more INVALID packets between conntrack-S-before\.txt and conntrack-S-after\.txt/);
    expect(f.explanation).toMatch(/conntrack-L\.txt holds no entry for them/);
    expect(f.explanation).not.toMatch(/Doubts:/);
    expect(f.evidence).toContainEqual({ artifact: 'conntrack-S-after.txt', ref: 'line 1', text: 'invalid: 0 → 4 (all CPUs, conntrack-S-before.txt → conntrack-S-after.txt)' });
    expect(f.timeline.map((e) => e.what)).toContain('conntrack -S: invalid 0 → 4 (+4)');
  });

  it('with only the after snapshot the state stays undecided: the same rule, inferred, and the counters called weak', () => {
    const f = tcpFinding(`${LAB}/ct-invalid-stats`, /conntrack-S-before/)!;
    expect(f.drop?.owner).toMatchObject({ kind: 'iptables', chain: 'INPUT' });
    expect(f.confidence).toBe('inferred');
    expect(f.explanation).toMatch(/with a single snapshot they count since boot, for all traffic/);
    expect(f.missing).toContain('conntrack -S   (once before and once after reproducing the problem: which counters grow)');
  });

  it('an [UNREPLIED] entry says conntrack saw the request and never the reply (the SYN-ACK died before conntrack)', () => {
    const f = tcpFinding(`${LAB}/ct-unreplied-raw-output`)!;
    expect(f.drop).toMatchObject({ hook: 'LOCAL_OUT', owner: { kind: 'iptables', table: 'raw', chain: 'OUTPUT' } });
    expect(f.explanation).toMatch(/conntrack-L\.txt line 3 holds the flow's conntrack entry \(tcp SYN_SENT src=10\.0\.2\.8 dst=10\.0\.0\.3 sport=58828 dport=20202 \[UNREPLIED\]\): conntrack saw the request but never a reply/);
    expect(f.evidence).toContainEqual(expect.objectContaining({ artifact: 'conntrack-L.txt', ref: 'line 3' }));
  });

  it('"table full" in the kernel log is conntrack dropping by itself (public CentOS dmesg sample)', () => {
    const dmesg = ingestArtifact(fileSource('test/fixtures/samples/dmesg/centos8-vs-centos6-conntrack-table-full.txt'), nodeSha256);
    const facts = conntrackFacts(indexCase([dmesg]), { proto: 'tcp', src: '192.0.2.1', dst: '192.0.2.2', sport: null, dport: 80, tcpFlags: 0x02 })!;
    expect(facts.conntrackDropped).toBe(true);
    expect(facts.ctState).toBeNull();
    expect(facts.explain.map((m) => m.key)).toEqual(['explain.ct.tableFull']);
    expect(facts.timeline[0].what).toMatch(/^kernel log: .*conntrack: table full, dropping packet/);
    expect(facts.missing.join('\n')).toMatch(/nf_conntrack_max/);
  });

  it('says nothing when no conntrack artifact or log line is there', () => {
    const pcap = ingestArtifact(fileSource(`${LAB}/ct-invalid-stats/srv-eth0.pcap`), nodeSha256);
    expect(conntrackFacts(indexCase([pcap]), { proto: 'tcp', src: '10.0.2.8', dst: '10.0.0.3', sport: null, dport: 20202, tcpFlags: 0x10 })).toBeNull();
  });
});

describe('counter snapshots', () => {
  it('pairs before/after by name and gives deltas; a lone file is a single snapshot', () => {
    expect([snapshotRole('tc-s-qdisc-before.txt'), snapshotRole('ip-link-stats-after.txt'), snapshotRole('nstat.txt')]).toEqual(['before', 'after', null]);
    expect(snapshotBase('conntrack-S-after.txt')).toBe(snapshotBase('conntrack-S-before.txt'));
    const files = ['tc-s-qdisc-before.txt', 'tc-s-qdisc-after.txt', 'ip-link-stats.txt'].map((n) => ingestArtifact(fileSource(`${LAB}/tc-bpf-ingress-drop/${n}`), nodeSha256));
    const changes = counterChanges(indexCase(files).counters);
    expect(changes.find((c) => c.scope === 'eth0:ffff:' && c.name === 'dropped')).toMatchObject({ before: 0, after: 8, delta: 8, artifact: 'tc-s-qdisc-after.txt', beforeArtifact: 'tc-s-qdisc-before.txt' });
    expect(changes.find((c) => c.scope === 'eth0' && c.name === 'rx_dropped')).toMatchObject({ before: null, delta: null, artifact: 'ip-link-stats.txt' });
  });
});
