// The timeline's axis in microseconds since the epoch. d3's time scales work in milliseconds (Date), too coarse for
// packets microseconds apart, so ticks are 1-2-5 steps of µs below a minute and whole UTC units above, and labels
// carry as many decimals as the step needs.

const minute = 60e6;
const steps = [1, 2, 5];

/** The smallest 1-2-5 step (µs) that gives at most `count` ticks over `span` µs. */
export function tickStep(span: number, count: number): number {
  const raw = Math.max(1, span / Math.max(1, count));
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of steps) if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

/** Whole-unit steps above a minute (µs): minutes, hours, days. */
const coarse = [1, 2, 5, 10, 15, 30].map((m) => m * minute).concat([1, 2, 3, 6, 12, 24].map((h) => h * 60 * minute));

/** Tick positions (µs) within [from, to], aligned to the step, about `count` of them. */
export function ticks(from: number, to: number, count: number): { step: number; values: number[] } {
  const span = to - from;
  if (!(span > 0)) return { step: 1, values: [] };
  let step = tickStep(span, count);
  if (step >= minute) step = coarse.find((s) => s >= span / Math.max(1, count)) ?? 24 * 60 * minute * Math.ceil(span / count / (24 * 60 * minute));
  const values: number[] = [];
  for (let v = Math.ceil(from / step) * step; v <= to && values.length < 1000; v += step) values.push(v);
  return { step, values };
}

/** Decimals of a second a step needs: 1 s → 0, 200 ms → 1, 5 µs → 6. */
export function stepDecimals(step: number): number {
  if (step >= 1e6) return 0;
  return Math.min(6, Math.max(0, Math.ceil(-Math.log10(step / 1e6) - 1e-9)));
}

/** `19:01:36.0654` — a tick label in UTC with the decimals the step needs (date left out: the axis prints it once). */
export function tickLabel(us: number, step: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const decimals = stepDecimals(step);
  if (step >= 60 * minute) return iso.slice(11, 16);
  if (decimals === 0) return iso.slice(11, 19);
  const fraction = String(Math.round(us - Math.floor(us / 1e6) * 1e6)).padStart(6, '0').slice(0, decimals);
  return `${iso.slice(11, 19)}.${fraction}`;
}

/** `2026-11-24 UTC`: the date the axis starts on. */
export function axisDate(us: number): string {
  return `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 10)} UTC`;
}

/** `2.5 s`, `120 ms`, `40 µs`: a span for the zoom read-out. */
export function spanText(us: number): string {
  const a = Math.abs(us);
  if (a >= 86400e6) return `${(us / 86400e6).toFixed(1)} d`;
  if (a >= 3600e6) return `${(us / 3600e6).toFixed(1)} h`;
  if (a >= minute) return `${(us / minute).toFixed(1)} min`;
  if (a >= 1e6) return `${(us / 1e6).toFixed(a >= 10e6 ? 1 : 3)} s`;
  if (a >= 1e3) return `${(us / 1e3).toFixed(a >= 10e3 ? 1 : 3)} ms`;
  return `${Math.round(us)} µs`;
}
