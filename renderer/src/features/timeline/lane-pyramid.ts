import type { LaneMarks } from '../../engine/timeline-data';
import { isAlarm } from './mark-colours';

/** Buckets over a lane's own time span: fine enough that one pixel of a zoomed-out view covers many of them. */
export const pyramidBuckets = 1 << 16;

/**
 * A lane's marks counted per time bucket, as prefix sums (marks in buckets [a, b) = prefix[b] - prefix[a]), kept
 * apart for ordinary marks and alarms (drops, resets). Built once per lane in one pass; a zoomed-out frame then
 * costs one subtraction per pixel column instead of a walk over every mark.
 */
export interface LanePyramid {
  start: number;
  bucketUs: number;
  normal: Uint32Array;
  alarm: Uint32Array;
  /** The lane's most frequent ordinary kind (the colour of its bins), -1 when it has none. */
  bulkKind: number;
}

const cache = new WeakMap<LaneMarks, LanePyramid>();

/** The lane's pyramid, built on first use (lanes are immutable once the worker sent them). */
export function lanePyramid(lane: LaneMarks): LanePyramid {
  const known = cache.get(lane);
  if (known) return known;
  const { times, kinds } = lane;
  const n = times.length;
  const start = n ? times[0] : 0;
  const bucketUs = n ? Math.max(1e-3, (times[n - 1] - start) / pyramidBuckets) : 1;
  const normal = new Uint32Array(pyramidBuckets + 1);
  const alarm = new Uint32Array(pyramidBuckets + 1);
  const kindCounts = new Uint32Array(256);
  for (let i = 0; i < n; i++) {
    const b = Math.min(pyramidBuckets - 1, ((times[i] - start) / bucketUs) | 0);
    const k = kinds[i];
    kindCounts[k]++;
    if (isAlarm(k)) alarm[b + 1]++;
    else normal[b + 1]++;
  }
  for (let b = 1; b <= pyramidBuckets; b++) {
    normal[b] += normal[b - 1];
    alarm[b] += alarm[b - 1];
  }
  let bulkKind = -1;
  for (let k = 0; k < kindCounts.length; k++) if (!isAlarm(k) && kindCounts[k] > 0 && (bulkKind < 0 || kindCounts[k] > kindCounts[bulkKind])) bulkKind = k;
  const pyramid = { start, bucketUs, normal, alarm, bulkKind };
  cache.set(lane, pyramid);
  return pyramid;
}

/** Bucket index of a time, clamped to [0, buckets]. */
function bucketAt(p: LanePyramid, t: number): number {
  const b = Math.floor((t - p.start) / p.bucketUs);
  return b < 0 ? 0 : b > pyramidBuckets ? pyramidBuckets : b;
}

/**
 * Fills per-column counts of the view [fromUs, fromUs + columns / scale) from the pyramid; returns the largest
 * ordinary and alarm counts. Exact to a bucket at each column edge (a bucket is far narrower than a column here).
 */
export function binsFromPyramid(p: LanePyramid, fromUs: number, scale: number, columns: number, counts: Uint32Array, alarms: Uint32Array): { max: number; maxAlarm: number } {
  let max = 0;
  let maxAlarm = 0;
  let b0 = bucketAt(p, fromUs);
  for (let c = 0; c < columns; c++) {
    const b1 = bucketAt(p, fromUs + (c + 1) / scale);
    const n = p.normal[b1] - p.normal[b0];
    const a = p.alarm[b1] - p.alarm[b0];
    counts[c] = n;
    alarms[c] = a;
    if (n > max) max = n;
    if (a > maxAlarm) maxAlarm = a;
    b0 = b1;
  }
  return { max, maxAlarm };
}
