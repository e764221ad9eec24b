import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { analyzePaths } from '../../cli/analyze-paths';
import { nodeSha256 } from '../../cli/node-hasher';
import { fileSource } from '../../cli/node-source';
import { ingestArtifact } from '../../shared/engine/ingest';
import { packetsOf } from '../../shared/model/packets-of';
import type { Expected } from './expected-match';

// Every recorded case, with each artifact removed in turn and with whole kinds removed (captures, kernel traces,
// rulesets): the answer may get weaker, never wrong. A finding for the flow must remain whenever a capture or a
// traced drop names it, and its owner kind is the truth or null — never another owner. (One principled exception:
// an iptables-nft rule seen with no ruleset at all is an nf_tables drop, so "nftables" is what is known.)

const sets: Array<[string, string]> = [
  ...['hidden-hook', 'output-synack', 'seed-centos7'].map((c) => [`test/fixtures/cases/${c}`, `test/fixtures/cases/${c}.json`] as [string, string]),
  ...readdirSync('test/fixtures/lab-cases').filter((f) => f.endsWith('.json')).map((f) => [`test/fixtures/lab-cases/${f.slice(0, -5)}`, `test/fixtures/lab-cases/${f}`] as [string, string]),
];

describe.each(sets)('%s', (dir, truth) => {
  const expected = JSON.parse(readFileSync(truth, 'utf8')) as Expected;
  const files = readdirSync(dir).filter((f) => !f.endsWith('.md'));
  const variants: Array<[string, string[]]> = [
    ...files.map((f) => [`without ${f}`, [f]] as [string, string[]]),
    ['without captures', files.filter((f) => /\.pcap/.test(f))],
    ['without kernel traces', files.filter((f) => /perf|bpftrace|stap|probe/.test(f))],
    ['without rulesets and hook listings', files.filter((f) => /iptables|nft|crash/.test(f))],
  ];
  const want = (expected.drop?.owner ?? {}) as Record<string, unknown>;
  // The captures that hold a packet of the failed flow (a drop before the server's tap leaves its capture blind).
  const showing = files.filter((n) => /\.pcap/.test(n) && packetsOf(ingestArtifact(fileSource(`${dir}/${n}`), nodeSha256).records).some((p) => p.src === expected.flow.src && p.dst === expected.flow.dst));
  it.each(variants)('%s: weaker at most, never wrong', (_label, without) => {
    const { verdict } = analyzePaths([dir], (n) => n.endsWith('.md') || without.includes(n));
    const f = verdict.findings.find((x) => x.flow.src === expected.flow.src && x.flow.dst === expected.flow.dst && x.flow.proto === expected.flow.proto);
    const captures = showing.some((n) => !without.includes(n));
    if (captures) expect(f, 'a capture shows the failed flow').toBeDefined();
    if (!f) return;
    const kind = f.drop?.owner.kind ?? null;
    const allowed = [want.kind, null, ...(want.backend === 'nft' ? ['nftables'] : [])];
    expect(allowed).toContain(kind);
    if (kind !== null && kind === want.kind && typeof want.chain === 'string' && f.drop?.owner.chain) expect(f.drop.owner.chain).toBe(want.chain);
    if (expected.drop && 'hook' in expected.drop && f.drop?.hook) expect(f.drop.hook).toBe(expected.drop.hook);
  });
});

describe('what survives when artifacts are missing', () => {
  it('no-listener without kernel traces: the stack refused it (NO_SOCKET), inferred from a RST and rules that reject nothing', () => {
    const { verdict } = analyzePaths(['test/fixtures/lab-cases/no-listener'], (n) => /perf|bpftrace/.test(n));
    const f = verdict.findings.find((x) => x.flow.src === '10.0.2.8');
    expect({ outcome: f?.outcome, reason: f?.drop?.reason, kind: f?.drop?.owner.kind, fn: f?.drop?.owner.hookFunction, confidence: f?.confidence }).toEqual({ outcome: 'reset', reason: 'NO_SOCKET', kind: 'kernel', fn: 'tcp_v4_rcv', confidence: 'inferred' });
  });

  it('output-synack without captures: the SYN-ACK drops are turned into the client flow, its ports from the LOG lines', () => {
    const { verdict } = analyzePaths(['test/fixtures/cases/output-synack'], (n) => /\.pcap|\.md$/.test(n));
    const f = verdict.findings.find((x) => x.flow.src === '10.0.2.8');
    expect(f?.flow).toMatchObject({ proto: 'tcp', src: '10.0.2.8', dst: '10.0.0.3', dport: 20202 });
    expect(f?.drop?.owner).toMatchObject({ kind: 'iptables', chain: 'EGRESS_GUARD' });
  });

  it('udp-drop without captures: the port comes from the dropping rule, and the explanation says so', () => {
    const { verdict } = analyzePaths(['test/fixtures/lab-cases/udp-drop'], (n) => /\.pcap/.test(n));
    const f = verdict.findings.find((x) => x.flow.proto === 'udp');
    expect(f?.flow.dport).toBe(20202);
    expect(f?.explanation).toMatch(/port 20202 is taken from the dropping rule/);
  });

  it('reject-tcp-reset without captures: the REJECT rule whose counter moved beats the catch-all reached by assumption', () => {
    const { verdict } = analyzePaths(['test/fixtures/lab-cases/reject-tcp-reset'], (n) => /\.pcap/.test(n));
    const f = verdict.findings.find((x) => x.flow.src === '10.0.2.8');
    expect(f?.drop?.owner.rule).toMatch(/-s 10\.0\.2\.8\/32 .*REJECT --reject-with tcp-reset/);
    expect(f?.outcome).toBe('rejected');
  });
});

describe('what to collect next names the rule trace when the rule is not pinned', () => {
  it('hidden-hook without the nft ruleset proposes a scoped nftrace rule, nft monitor trace and its removal', () => {
    const { verdict } = analyzePaths(['test/fixtures/cases/hidden-hook'], (n) => n.endsWith('.md') || n === 'nft-ruleset.txt');
    const f = verdict.findings.find((x) => x.flow.proto === 'tcp')!;
    const all = f.missing.join('\n');
    expect(all).toMatch(/ip saddr 10\.0\.2\.8 ip daddr 10\.0\.0\.3 meta nftrace set 1/);
    expect(all).toMatch(/nft monitor trace/);
    expect(all).toMatch(/nft delete table inet hookline_trace/);
  });
});
