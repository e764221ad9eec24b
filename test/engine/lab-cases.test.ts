import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { analyzePaths } from '../../cli/analyze-paths';
import { checkVerdict, type Expected } from './expected-match';

// Cases recorded with test/lab (real kernel, network namespaces), each with its truth beside it: other kinds of
// drops than the fixture cases, checked as unseen cases are judged — with every artifact, and again without the
// kernel traces (the engine must then infer from the rulesets and say it inferred).
const DIR = 'test/fixtures/lab-cases';
const cases = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5));

describe.each(cases)('lab case %s', (name) => {
  const expected = JSON.parse(readFileSync(`${DIR}/${name}.json`, 'utf8')) as Expected;

  it('gives the recorded truth from all its artifacts', () => {
    const { verdict } = analyzePaths([`${DIR}/${name}`]);
    expect(checkVerdict(verdict, expected)).toEqual([]);
  });

  it('without kernel traces, still finds the failed flow and never names a different owner', () => {
    const { verdict } = analyzePaths([`${DIR}/${name}`], (f) => /perf-script|bpftrace/.test(f));
    const f = verdict.findings.find((x) => x.flow.src === expected.flow.src && x.flow.dst === expected.flow.dst && (x.flow.dport ?? null) === (expected.flow.dport ?? null));
    expect(f).toBeDefined();
    const owner = (expected.drop?.owner ?? {}) as Record<string, unknown>;
    const got = f!.drop?.owner;
    // Either the same owner kind (inferred from the rulesets) or an honest "unknown" — never another owner.
    if (got?.kind !== null && got?.kind !== undefined) expect(got.kind).toBe(owner.kind);
    // Without a drop trace the owner is inferred — unless a per-packet rule trace names it (the kernel's own word).
    const ruleTraced = readdirSync(`${DIR}/${name}`).some((n) => /trace/.test(n));
    if (got?.kind) expect(ruleTraced ? ['inferred', 'confirmed'] : ['inferred']).toContain(f!.confidence);
  });
});

describe('a per-packet rule trace is decisive', () => {
  it('nft monitor trace alone (no kfree_skb trace) names the rule, confirmed, and the timeline ends at the trace verdict', () => {
    const { verdict } = analyzePaths([`${DIR}/nft-trace-drop`], (f) => /perf-script|bpftrace/.test(f));
    const f = verdict.findings.find((x) => x.flow.src === '10.0.2.8' && x.flow.dport === 20202)!;
    expect(f.drop?.owner).toMatchObject({ kind: 'nftables', table: 'inet resguard', chain: 'net_hook_in_v4', priority: 10 });
    expect({ confidence: f.confidence, code: f.code, hook: f.drop?.hook }).toEqual({ confidence: 'confirmed', code: 'trace-drop', hook: 'LOCAL_IN' });
    const last = f.timeline[f.timeline.length - 1];
    expect(last).toMatchObject({ artifact: 'nft-monitor-trace.txt', what: expect.stringMatching(/net_hook_in_v4 .*drop — the deciding rule/) });
  });

  it('without the trace files the static evaluation gives the same owner, no longer from a trace', () => {
    const { verdict } = analyzePaths([`${DIR}/nft-trace-drop`], (f) => /nft-monitor-trace|dmesg/.test(f));
    const f = verdict.findings.find((x) => x.flow.src === '10.0.2.8' && x.flow.dport === 20202)!;
    expect(f.drop?.owner).toMatchObject({ kind: 'nftables', table: 'inet resguard', chain: 'net_hook_in_v4' });
    expect(f.code).not.toBe('trace-drop');
  });
});
