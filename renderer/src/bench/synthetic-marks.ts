import type { LaneMarks, TimelineData } from '../engine/timeline-data';
import { markKind } from '../engine/timeline-data';

/** A small deterministic generator (mulberry32), so every run draws the same marks. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lane(artifact: string, format: string, count: number, start: number, spanUs: number, kinds: Array<[number, number]>, seed: number, refKind: LaneMarks['refKind']): LaneMarks {
  const next = random(seed);
  const times = new Float64Array(count);
  // Bursty traffic: most marks in a few dense bursts, the rest spread out (what a capture of an incident looks like).
  for (let i = 0; i < count; i++) {
    const burst = next() < 0.7;
    const centre = Math.floor(next() * 8) / 8 + 0.05;
    times[i] = start + (burst ? centre + (next() - 0.5) * 0.02 : next()) * spanUs;
  }
  times.sort();
  const kindColumn = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const r = next();
    let acc = 0;
    for (const [kind, share] of kinds) {
      acc += share;
      if (r < acc) {
        kindColumn[i] = kind;
        break;
      }
    }
  }
  const refs = new Uint32Array(count);
  for (let i = 0; i < count; i++) refs[i] = i + 1;
  return { artifact, format, host: 'kernel host 10.0.0.3', clock: refKind === 'packet' ? 'wall' : 'boot', refKind, times, kinds: kindColumn, refs, unplaced: 0 };
}

/** `total` synthetic marks over four lanes and ten minutes, as the worker would hand them over. */
export function syntheticTimeline(total: number, start = Date.UTC(2026, 10, 24, 19, 0, 0) * 1000): TimelineData {
  const span = 10 * 60e6;
  const lanes = [
    lane('big-capture.pcapng', 'pcapng', Math.round(total * 0.6), start, span, [[markKind.packet, 0.9], [markKind.syn, 0.08], [markKind.rst, 0.02]], 1, 'packet'),
    lane('perf-script.txt', 'perf-script', Math.round(total * 0.25), start, span, [[markKind.event, 0.7], [markKind.drop, 0.3]], 2, 'line'),
    lane('dmesg.txt', 'dmesg', Math.round(total * 0.1), start, span, [[markKind.log, 0.6], [markKind.logPacket, 0.4]], 3, 'line'),
    lane('bpftrace.txt', 'bpftrace', total - Math.round(total * 0.6) - Math.round(total * 0.25) - Math.round(total * 0.1), start, span, [[markKind.drop, 1]], 4, 'line'),
  ];
  return { groups: [{ label: 'kernel host 10.0.0.3', lanes }], offTimeline: [], extent: [start, start + span], marks: total };
}
