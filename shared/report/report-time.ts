// Times in the verdict are UTC ISO-8601 strings with microseconds (verdict contract). The report computes with
// microseconds since the epoch (a double holds them exactly until year 2255) and prints times as the evidence
// shows them: the time of day with all six digits, the date once.

const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?Z$/;

/** Microseconds since the Unix epoch of a verdict time, or null when it is absent or not in the contract's form. */
export function isoToMicros(iso: string | null | undefined): number | null {
  const m = iso ? ISO.exec(iso) : null;
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const fraction = Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
  return ms * 1000 + fraction;
}

/** `19:01:36.065443` from a verdict time; the text as given when it is not one. */
export function timeOfDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = ISO.exec(iso);
  if (!m) return iso;
  return `${m[4]}:${m[5]}:${m[6]}.${(m[7] ?? '').padEnd(6, '0').slice(0, 6)}`;
}

/** `2026-11-24` from a verdict time, or null. */
export function dateOf(iso: string | null | undefined): string | null {
  const m = iso ? ISO.exec(iso) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** A duration in microseconds as people read it: `41 µs`, `1.2 ms`, `5.12 s`. */
export function durationText(us: number): string {
  const a = Math.abs(us);
  if (a < 1000) return `${Math.round(us)} µs`;
  if (a < 1_000_000) return `${trim(us / 1000)} ms`;
  return `${trim(us / 1_000_000)} s`;
}

function trim(n: number): string {
  return String(Number(n.toPrecision(3)));
}

/** A clock uncertainty in seconds as `±1 ms` / `±50 ms` / `±2 s`. */
export function uncertaintyText(seconds: number): string {
  return `±${durationText(seconds * 1_000_000)}`;
}
