import { describe, expect, test } from 'vitest';
import { dropEvidence, dropMarkerLabel, dropMarkerTitle, markerOwner } from '../../renderer/src/features/timeline/drop-marker';
import { chartDomain, findingSpan, pathPoints } from '../../renderer/src/features/timeline/finding-path';
import { uncertaintyText } from '../../renderer/src/features/timeline/lane-caption';
import { layoutRows } from '../../renderer/src/features/timeline/lane-layout';
import { lowerBound, markForLine, nearestIndex } from '../../renderer/src/features/timeline/mark-search';
import { spanText, stepDecimals, tickLabel, ticks } from '../../renderer/src/features/timeline/time-axis';
import { sampleFinding } from './sample-verdict';

const t0 = Date.UTC(2026, 10, 24, 19, 1, 36) * 1000;

describe('drop marker', () => {
  test('names the hook and the owner as the thing to change', () => {
    expect(dropMarkerLabel(sampleFinding)).toBe('LOCAL_IN · nft inet resguard / net_hook_in_v4');
    expect(dropMarkerTitle(sampleFinding)).toBe('✗ DROPPED');
    const owner = sampleFinding.drop!.owner;
    expect(markerOwner({ ...owner, kind: 'module', table: null, chain: null, module: 'resguard_linux', hookFunction: 'net_hook_in_v4' })).toBe('module resguard_linux / net_hook_in_v4');
    expect(markerOwner({ ...owner, kind: 'iptables', backend: 'nft', table: 'filter', chain: 'INPUT' })).toBe('iptables (nft) filter INPUT');
    expect(markerOwner({ ...owner, kind: null, hookFunction: null })).toBe('owner unknown');
  });

  test('opens the traced stack the engine names, else the last step', () => {
    const step = { t: '2026-11-24T19:01:41.185726Z', artifact: 'bpftrace-kfree_skb.txt', ref: 'line 7' };
    const traced = { ...sampleFinding, timeline: [{ ...step, what: 'kfree_skb … [site as traced in perf-script-kfree_skb.txt line 1426]' }] };
    expect(dropEvidence(traced)).toEqual({ artifact: 'perf-script-kfree_skb.txt', ref: 'line 1426' });
    const stack = { ...sampleFinding, timeline: [{ ...step, what: 'kfree_skb … [stack from perf script.txt line 12]' }] };
    expect(dropEvidence(stack)).toEqual({ artifact: 'perf script.txt', ref: 'line 12' });
    expect(dropEvidence({ ...sampleFinding, timeline: [{ ...step, what: 'kfree_skb at nft_do_chain' }] })).toEqual({ artifact: 'bpftrace-kfree_skb.txt', ref: 'line 7' });
    expect(dropEvidence({ ...sampleFinding, timeline: [] })).toBeNull();
  });
});

describe('finding path', () => {
  const finding = {
    ...sampleFinding,
    timeline: [
      { t: '2026-11-24T19:01:36.000000Z', artifact: 'srv-eth0.pcap', ref: 'packet 32', what: 'SYN' },
      { t: null, artifact: 'nft-ruleset.txt', ref: 'line 9', what: 'rule' },
      { t: '2026-11-24T19:01:37.000000Z', artifact: 'perf.txt', ref: 'line 10', what: 'drop' },
    ],
  };

  test('takes the timed steps in order, the last one as the drop, and spans them with room for the label', () => {
    const points = pathPoints(finding);
    expect(points.map((p) => [p.artifact, p.tUs - t0, p.drop])).toEqual([
      ['srv-eth0.pcap', 0, false],
      ['perf.txt', 1e6, true],
    ]);
    expect(findingSpan(points)!.map((v) => v - t0)).toEqual([-100000, 1e6 + 1200000]);
    expect(chartDomain(null, points, null)!.map((v) => Math.round(v - t0))).toEqual([-146000, 2246000]);
    expect(pathPoints({ ...finding, outcome: 'delivered' }).at(-1)!.drop).toBe(false);
  });

  test('steps on artifacts without a lane get empty lanes, so a reopened case still draws its path', () => {
    const layout = layoutRows(null, finding);
    expect(layout.rows.map((r) => (r.kind === 'group' ? `# ${r.label}` : `${r.artifact} ${r.lane === null ? '(empty)' : ''}`.trim()))).toEqual(['# from the saved verdict (artifact not loaded)', 'srv-eth0.pcap (empty)', 'perf.txt (empty)']);
    expect(layout.centre.get('perf.txt')).toBe(18 + 40 + 20);
  });
});

describe('mark search', () => {
  const times = new Float64Array([10, 20, 20, 30, 50]);
  test('binary search, nearest within a tolerance, and the event a line belongs to', () => {
    expect([lowerBound(times, 5), lowerBound(times, 20), lowerBound(times, 21), lowerBound(times, 99)]).toEqual([0, 1, 3, 5]);
    expect([nearestIndex(times, 29, 2), nearestIndex(times, 40, 5), nearestIndex(times, 46, 5)]).toEqual([3, -1, 4]);
    // perf events start at lines 1426 and 1649; a stack line belongs to the event above it.
    const refs = new Uint32Array([1649, 1426, 31]);
    expect([markForLine(refs, 1428), markForLine(refs, 1700), markForLine(refs, 12)]).toEqual([1, 0, -1]);
  });
});

describe('time axis', () => {
  test('1-2-5 steps in µs, labels with the decimals the step needs', () => {
    const { step, values } = ticks(t0, t0 + 5e6, 5);
    expect(step).toBe(1e6);
    expect(values.map((v) => tickLabel(v, step))).toEqual(['19:01:36', '19:01:37', '19:01:38', '19:01:39', '19:01:40', '19:01:41']);
    const fine = ticks(t0 + 65443, t0 + 65443 + 100, 4);
    expect(fine.step).toBe(50);
    expect(fine.values.map((v) => tickLabel(v, fine.step))).toEqual(['19:01:36.06545', '19:01:36.06550']);
    expect([stepDecimals(1e6), stepDecimals(2e5), stepDecimals(1e3), stepDecimals(5)]).toEqual([0, 1, 3, 6]);
    expect(ticks(t0, t0 + 3600e6, 6).step).toBe(10 * 60e6);
    expect([spanText(7.68e6), spanText(1500), spanText(40), spanText(90e6)]).toEqual(['7.680 s', '1.500 ms', '40 µs', '1.5 min']);
    expect([0.001, 0.05, 0.00004, 1.5, 0.0012345].map(uncertaintyText)).toEqual(['1 ms', '50 ms', '40 µs', '1.5 s', '1.23 ms']);
  });
});

describe('lane pyramid', () => {
  test('zoomed-out column counts from prefix sums agree with counting every mark', async () => {
    const { lanePyramid, binsFromPyramid, pyramidBuckets } = await import('../../renderer/src/features/timeline/lane-pyramid');
    const { syntheticTimeline } = await import('../../renderer/src/bench/synthetic-marks');
    const lane = syntheticTimeline(80_000).groups[0].lanes[0];
    const pyramid = lanePyramid(lane);
    expect(lanePyramid(lane)).toBe(pyramid);
    const columns = 800;
    const from = lane.times[0];
    const scale = columns / (lane.times[lane.times.length - 1] - from + 1);
    const counts = new Uint32Array(columns);
    const alarms = new Uint32Array(columns);
    binsFromPyramid(pyramid, from, scale, columns, counts, alarms);
    const exact = new Uint32Array(columns);
    const exactAlarms = new Uint32Array(columns);
    for (let i = 0; i < lane.times.length; i++) {
      const c = Math.floor((lane.times[i] - from) * scale);
      if (lane.kinds[i] === 2) exactAlarms[c]++;
      else exact[c]++;
    }
    const sum = (a: Uint32Array) => a.reduce((x, y) => x + y, 0);
    expect(sum(counts) + sum(alarms)).toBe(lane.times.length);
    expect(sum(alarms)).toBe(sum(exactAlarms));
    // Each column is exact up to the one bucket its edges cut through.
    const bucketUs = pyramid.bucketUs;
    for (let c = 0; c < columns; c++) {
      const edge = lane.times.filter((t) => Math.abs(t - (from + c / scale)) <= bucketUs || Math.abs(t - (from + (c + 1) / scale)) <= bucketUs).length;
      expect(Math.abs(counts[c] - exact[c])).toBeLessThanOrEqual(edge);
    }
    expect(pyramid.normal.length).toBe(pyramidBuckets + 1);
  });
});
