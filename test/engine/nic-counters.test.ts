import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../cli/analyze-paths';
import { nodeSha256 } from '../../cli/node-hasher';
import { analyze } from '../../shared/engine/analyze';
import { ingestArtifact } from '../../shared/engine/ingest';
import { memorySource } from '../formats/capture-fixtures';

// The lab case nic-mtu-rx-drop: srv's eth0 (MTU 1000) drops c2's 1228-byte pings on receive; `ip -s link` before and
// after shows rx_dropped 0 → 3. Device counters that grew back a drop traced outside netfilter, and without a trace
// they place the drop at the device — only when they grew by at least the flow's attempts.

const DIR = 'test/fixtures/lab-cases/nic-mtu-rx-drop';
const flowOf = (v: ReturnType<typeof analyze>) => v.findings.find((f) => f.flow.src === '10.0.2.8' && f.flow.proto === 'icmp');

/** The case's files in memory, some left out or replaced (derived inputs for one question; the fixture is untouched). */
function caseWith(skip: RegExp, replace: Record<string, (text: string) => string> = {}) {
  return readdirSync(DIR).filter((n) => !skip.test(n)).map((n) => {
    const bytes = readFileSync(`${DIR}/${n}`);
    const edit = replace[n];
    const data = edit ? new TextEncoder().encode(edit(bytes.toString('utf8'))) : new Uint8Array(bytes);
    return ingestArtifact({ ...memorySource(data), name: n }, nodeSha256);
  });
}

describe('device drop counters', () => {
  it('back the traced drop in the device path with the counter that grew', () => {
    const f = flowOf(analyzePaths([DIR]).verdict)!;
    expect(f.drop?.owner).toMatchObject({ kind: 'kernel', hookFunction: '__dev_forward_skb2' });
    expect(f.evidence.some((e) => e.artifact === 'ip-link-stats-after.txt' && e.text === 'eth0 rx_dropped 0 → 3')).toBe(true);
    expect(f.explanation).toMatch(/eth0 counted 3 more rx_dropped \(0 → 3\) between ip-link-stats-before\.txt and ip-link-stats-after\.txt/);
    expect(f.timeline.at(-1)!.what).toMatch(/__dev_forward_skb2/);
  });

  it('place the drop at the device when no tracer saw it, inferred', () => {
    const f = flowOf(analyze(caseWith(/perf|bpftrace/)))!;
    expect(f.code).toBe('nic-drop');
    expect(f.confidence).toBe('inferred');
    expect(f.drop).toMatchObject({ hook: null, owner: { kind: 'kernel', hookFunction: null } });
    expect(f.explanation).toMatch(/device eth0 dropped packets on its own/);
  });

  it('say nothing from a single snapshot', () => {
    const f = flowOf(analyze(caseWith(/perf|bpftrace|ip-link-stats-before/)));
    expect(f?.drop?.owner.kind ?? null).toBeNull();
    expect(f?.code).not.toBe('nic-drop');
  });

  it('do not take a flow whose attempts outnumber what the counter grew', () => {
    // The earlier snapshot made to read 2 dropped: +1 cannot hold the flow's 3 pings.
    const f = flowOf(analyze(caseWith(/perf|bpftrace/, { 'ip-link-stats-before.txt': (t) => t.replace(/(\n\s+\d+\s+\d+\s+\d+\s+)0(\s+0\s+0\s*\n\s+TX)/, '$12$2') })));
    expect(f?.code).not.toBe('nic-drop');
    expect(f?.drop?.owner.kind ?? null).toBeNull();
  });
});
