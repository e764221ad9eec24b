import { describe, expect, it } from 'vitest';
import { clockAnchorsFormat } from '../../shared/formats/clock-anchors.format';
import { otherFormatsFiles, parseFile, parseText, probeFileWith } from './text-format-harness';

const PERF = 'test/fixtures/samples/clock-anchors/lab-6.18-hookline-collect-perf-clock-anchors.txt';
const BPFTRACE = 'test/fixtures/samples/clock-anchors/lab-6.18-hookline-collect-bpftrace-clock-anchors.txt';

describe('clock-anchors (hookline-collect clock-anchors.txt)', () => {
  it('reads the before and after anchors of a real collection, keeping the ns digits of the wall clock', () => {
    const { records, warnings, meta } = parseFile(clockAnchorsFormat, PERF);
    expect(warnings).toEqual([]);
    expect(meta).toEqual({ version: '1', host: 'vm', kernelRelease: '6.18.44-fc-v782' });
    expect(records.map((r) => [r.label, r.line])).toEqual([['before', 3], ['after', 4]]);
    const [before, after] = records;
    expect(before.wall).toBeCloseTo(1795572504.458780111, 6);
    expect(before.boot).toBe(3649.0);
    expect(before.wallAfter).toBeCloseTo(1795572504.497916687, 6);
    expect(before.monotonic).toBeCloseTo(3649.017014345, 9);
    // The read took 39 ms (two forks); plus /proc/uptime's 10 ms step.
    expect(before.uncertainty).toBeCloseTo(0.039136576 + 0.01, 6);
    // Wall minus since-boot is the same offset before and after the window, within the uncertainty.
    expect(Math.abs((after.wall - after.boot) - (before.wall - before.boot))).toBeLessThan(before.uncertainty + after.uncertainty);
    expect(after.wall - before.wall).toBeGreaterThan(12); // the window was 12 s
  });

  it('reads the bpftrace collection too', () => {
    const { records, warnings } = parseFile(clockAnchorsFormat, BPFTRACE);
    expect(warnings).toEqual([]);
    expect(records).toHaveLength(2);
    expect(records.every((r) => r.monotonic !== null && r.wallAfter !== null)).toBe(true);
  });

  it('claims its own files and none of the other formats\' fixtures', () => {
    expect(probeFileWith(clockAnchorsFormat, PERF)).toBe(0.9);
    const claimed = otherFormatsFiles('clock-anchors').filter((p) => probeFileWith(clockAnchorsFormat, p) > 0);
    expect(claimed).toEqual([]);
  });

  it('accepts anchor lines without the header, in any key order, and a date without %N (±1 s, warned)', () => {
    const text = 'anchor=before uptime=10.50 wall=1700000000.N\nanchor=after wall=1700000005.25 uptime=15.75\n';
    const { records, warnings } = parseText(clockAnchorsFormat, text);
    expect(records.map((r) => [r.label, r.wall, r.boot, r.wallAfter, r.monotonic])).toEqual([
      ['before', 1700000000, 10.5, null, null],
      ['after', 1700000005.25, 15.75, null, null],
    ]);
    expect(records[0].uncertainty).toBeCloseTo(1.01, 6);
    expect(warnings).toEqual([{ code: 'clock-anchors/coarse-wall', line: 1, message: expect.stringContaining('without %N') }]);
  });

  it('warns with the line number on junk, a missing uptime and a clock that stepped back; never throws', () => {
    const text = '# hookline-collect clock anchors v1\ngarbage here\nanchor=x wall=1700000000.5\nanchor=y wall=1700000010.5 uptime=3.00 wall_after=1700000009.0\n';
    const { records, warnings } = parseText(clockAnchorsFormat, text, 7);
    expect(records.map((r) => [r.label, r.wallAfter])).toEqual([['y', null]]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([
      ['clock-anchors/unrecognised-line', 2],
      ['clock-anchors/unrecognised-line', 3],
      ['clock-anchors/clock-stepped', 4],
    ]);
  });

  it('survives empty, one byte, CRLF and a huge line', () => {
    expect(parseText(clockAnchorsFormat, '').records).toEqual([]);
    expect(parseText(clockAnchorsFormat, 'a').warnings).toHaveLength(1);
    const crlf = parseText(clockAnchorsFormat, 'anchor=before wall=1700000000.1 uptime=1.00\r\n');
    expect(crlf.records[0].boot).toBe(1);
    const huge = parseText(clockAnchorsFormat, `anchor=before wall=1700000000.1 uptime=1.00 ${'x'.repeat(2_000_000)}\n`);
    expect(huge.records).toHaveLength(1);
  });
});
