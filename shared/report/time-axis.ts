import { durationText } from './report-time';

// The timeline figure's axis: ticks at 1-2-5 steps counted from the first event, so the labels read as "how
// long after the first packet" (+1 s, +250 ms, +40 µs) and the absolute start is printed once.

/** One tick: its time in microseconds since the epoch and its label relative to the axis origin. */
export interface AxisTick {
  us: number;
  label: string;
}

/** The smallest 1-2-5 step (in µs, at least 1) that cuts `span` into at most `target` intervals. */
export function niceStep(span: number, target: number): number {
  const raw = Math.max(span / Math.max(1, target), 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

/** Ticks from `origin` to `end` (µs since the epoch), labelled relative to `origin`. */
export function axisTicks(origin: number, end: number, target = 6): AxisTick[] {
  const step = niceStep(end - origin, target);
  const ticks: AxisTick[] = [];
  for (let k = 0; origin + k * step <= end + step * 1e-9 && k <= target * 3; k++) {
    ticks.push({ us: origin + k * step, label: k === 0 ? '0' : `+${durationText(k * step)}` });
  }
  return ticks;
}
