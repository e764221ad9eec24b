import { describe, expect, it } from 'vitest';
import { groupByHost } from '../../shared/report/artifact-hosts';
import { hookPathView } from '../../shared/report/hook-path-fate';
import { renderHookPathFigure } from '../../shared/report/hook-path-figure';
import { isoToMicros } from '../../shared/report/report-time';
import { axisTicks, niceStep } from '../../shared/report/time-axis';
import { figurePath, markKey, renderTimelineFigure } from '../../shared/report/timeline-figure';
import { CASES, caseInput } from './report-kit';

// The two pictures of a finding, drawn from the real fixture cases run through the engine.

function circles(svg: string): { cx: number; cy: number; r: number; fill: string; title: string }[] {
  return [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" fill="([^"]+)"[^>]*>(?:<title>([^<]*)<\/title>)?<\/circle>/g)].map((m) => ({ cx: Number(m[1]), cy: Number(m[2]), r: Number(m[3]), fill: m[4], title: m[5] ?? '' }));
}

describe('the timeline figure', () => {
  for (const name of CASES) {
    const { verdict } = caseInput(`test/fixtures/cases/${name}`);
    verdict.findings.forEach((finding, i) => {
      it(`${name} finding ${i + 1}: the last mark is the drop, latest in time, labelled with hook and owner`, () => {
        const svg = renderTimelineFigure(finding, verdict, { number: i + 1 });
        expect(svg.startsWith('<svg ')).toBe(true);
        const marks = circles(svg);
        expect(marks).toHaveLength(finding.timeline.length);
        const drop = marks[marks.length - 1];
        const last = finding.timeline[finding.timeline.length - 1];
        expect(drop.r).toBe(9);
        expect(drop.fill).toBe('#c81e1e');
        expect(drop.title).toContain(`${last.artifact} ${last.ref}`);
        // Nothing on the time axis comes after the drop (marks without a clock sit in their own column, left).
        for (const m of marks) expect(m.cx).toBeLessThanOrEqual(drop.cx + 0.05);
        // The red path ends at the drop marker.
        const points = /<polyline points="([^"]+)"/.exec(svg)?.[1].split(' ') ?? [];
        if (points.length) expect(points[points.length - 1]).toBe(`${drop.cx.toFixed(1)},${drop.cy.toFixed(1)}`);
        // The verdict box names the hook and the owner.
        expect(svg).toContain(`✗ ${finding.outcome.toUpperCase()} ${finding.drop?.hook ? `at ${finding.drop.hook}` : ''}`);
        const owner = finding.drop?.owner;
        if (owner?.chain) expect(svg).toContain(owner.chain);
        if (owner?.module) expect(svg).toContain(owner.module);
      });
    });
  }

  it('hidden-hook: the path is the last SYN on the server capture, its LOG line, then the traced drop', () => {
    const { verdict } = caseInput('test/fixtures/cases/hidden-hook');
    const f = verdict.findings[0];
    const path = figurePath(f.timeline, (a) => a.startsWith('iptables-save') || a.startsWith('nft-'));
    expect(path[path.length - 1]).toBe(f.timeline.length - 1);
    const steps = path.map((i) => f.timeline[i]);
    expect(steps.map((e) => e.artifact)).toEqual([verdict.kernelHost?.capture, 'dmesg.txt', f.timeline[f.timeline.length - 1].artifact]);
    expect(steps[0].what).toMatch(/TCP SYN 10\.0\.2\.8:43482 → 10\.0\.0\.3:20202 \(retransmission\)/);
    const dropT = isoToMicros(steps[steps.length - 1].t)!;
    for (const e of steps) expect(dropT - isoToMicros(e.t)!).toBeLessThan(1000); // one attempt: within a millisecond
  });

  it('seed-centos7: stap lines without a clock sit in the no-clock column; the probe run joins the path', () => {
    const { verdict } = caseInput('test/fixtures/cases/seed-centos7');
    const f = verdict.findings[0];
    const svg = renderTimelineFigure(f, verdict, { number: 1 });
    expect(svg).toContain('>no clock<');
    const path = figurePath(f.timeline).map((i) => f.timeline[i]);
    expect(path.filter((e) => e.artifact === 'perf-probe-script.txt').map((e) => e.what)).toEqual([
      expect.stringMatching(/net_hook_in_v4 called/),
      expect.stringMatching(/net_hook_in_v4 returned 0 \(NF_DROP\)/),
      expect.stringMatching(/nf_iterate returned 0 \(NF_DROP\)/),
    ]);
  });

  it('groups lanes by host: the kernel host with its own capture first, other captures apart', () => {
    const { verdict } = caseInput('test/fixtures/cases/hidden-hook');
    const groups = groupByHost(verdict, ['dmesg.txt', 'c2-eth0.pcapng', 'srv-eth0.pcap', 'perf-script-kfree_skb.txt']);
    const kernelCapture = verdict.kernelHost?.capture;
    const other = ['c2-eth0.pcapng', 'srv-eth0.pcap'].filter((c) => c !== kernelCapture);
    expect(groups).toEqual([
      { label: 'other capture points', detail: 'captures not taken on the kernel host', artifacts: other },
      { label: `kernel host ${verdict.kernelHost?.addresses.join(', ')}`, detail: verdict.kernelHost?.reason, artifacts: [kernelCapture, 'dmesg.txt', 'perf-script-kfree_skb.txt'] },
    ]);
  });

  it('draws a badge on an annotated mark and a standalone SVG file declares its namespace', () => {
    const { verdict } = caseInput('test/fixtures/cases/hidden-hook');
    const f = verdict.findings[0];
    const e = f.timeline[1];
    const svg = renderTimelineFigure(f, verdict, { number: 1, badges: new Map([[markKey(e.artifact, e.ref), [3, 4]]]), standalone: true });
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 960 \d+" width="960"/);
    expect(svg).toContain('>3,4</text><title>annotation 3,4</title>');
  });

  it('axis ticks step 1-2-5 from the first event', () => {
    expect(niceStep(5_120_000, 6)).toBe(1_000_000);
    expect(niceStep(41, 6)).toBe(10);
    expect(axisTicks(0, 5_120_000, 6).map((t) => t.label)).toEqual(['0', '+1 s', '+2 s', '+3 s', '+4 s', '+5 s']);
    expect(axisTicks(1000, 1041, 4).map((t) => t.label)).toEqual(['0', '+20 µs', '+40 µs']);
  });
});

describe('the hook-path picture', () => {
  it('hidden-hook: iptables filter INPUT accepted, the nft chain dropped', () => {
    const f = caseInput('test/fixtures/cases/hidden-hook').verdict.findings[0];
    expect(hookPathView(f.hookPath).map((v) => [v.step.label, v.symbol, v.label])).toEqual([
      ['iptables filter INPUT', '✓', 'ACCEPT'],
      ['nft inet resguard net_hook_in_v4', '✗', 'DROP'],
    ]);
    const html = renderHookPathFigure(f, 1);
    expect(html).toMatch(/<li class="hook-step hook-drop">.*nft inet resguard net_hook_in_v4.*✗.*DROP/);
  });

  it('seed-centos7: entries before the module let the packet pass, the module dropped it, later ones were never reached', () => {
    const f = caseInput('test/fixtures/cases/seed-centos7').verdict.findings[0];
    const view = hookPathView(f.hookPath);
    const dropAt = view.findIndex((v) => v.fate === 'drop');
    expect(view[dropAt].step.label).toBe('net_hook_in_v4 [resguard_linux]');
    expect(view[dropAt].label).toBe('NF_DROP');
    for (const v of view.slice(0, dropAt)) expect(['accept', 'unknown']).toContain(v.fate);
    for (const v of view.slice(0, dropAt)) if (v.fate === 'unknown') expect(v.label).toBe('passed on (code not read)');
    expect(view.slice(dropAt + 1).map((v) => v.fate)).toEqual(view.slice(dropAt + 1).map(() => 'not-reached'));
    expect(view.length - dropAt - 1).toBeGreaterThan(0);
  });
});

describe('hook-path fates from contradictory input', () => {
  it('never shows a dropping entry as a plain ACCEPT', () => {
    const step = { priority: 0, kind: 'iptables' as const, label: 'iptables filter OUTPUT', verdict: 'ACCEPT', rule: 'policy ACCEPT', dropped: true, artifact: 'iptables-save.txt', ref: 'line 2' };
    expect(hookPathView([step]).map((v) => [v.fate, v.symbol, v.label])).toEqual([['drop', '✗', 'dropped here (listed verdict ACCEPT)']]);
    expect(hookPathView([{ ...step, verdict: 'REJECT --reject-with tcp-reset' }])[0].label).toBe('REJECT --reject-with tcp-reset');
    expect(hookPathView([{ ...step, verdict: null }])[0].label).toBe('NF_DROP');
  });
});
