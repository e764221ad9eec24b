/** The first index whose time is ≥ `t` in an ascending column (its length when none is). */
export function lowerBound(times: Float64Array, t: number, from = 0, to = times.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the mark nearest `t` within `tolerance` (same unit as the times), or -1. */
export function nearestIndex(times: Float64Array, t: number, tolerance: number): number {
  const at = lowerBound(times, t);
  let best = -1;
  let distance = tolerance;
  for (const i of [at - 1, at]) {
    if (i < 0 || i >= times.length) continue;
    const d = Math.abs(times[i] - t);
    if (d <= distance) {
      best = i;
      distance = d;
    }
  }
  return best;
}

/**
 * The mark standing for a line of an artifact: the one whose own line is the greatest not after it (a kernel event
 * is its first line plus its stack lines below). -1 when the line comes before every mark.
 */
export function markForLine(refs: Uint32Array, line: number): number {
  let best = -1;
  let bestRef = -1;
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i];
    if (r <= line && r > bestRef) {
      best = i;
      bestRef = r;
    }
  }
  return best;
}
