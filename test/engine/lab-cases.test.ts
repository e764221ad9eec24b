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
    if (got?.kind) expect(f!.confidence).toBe('inferred');
  });
});
