/**
 * `2026-11-24T19:01:36.065443Z` → µs since the epoch, keeping the microseconds `Date.parse` drops.
 * Null for anything that is not an ISO-8601 UTC time.
 */
export function isoToMicros(iso: string | null): number | null {
  if (!iso) return null;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(iso);
  if (!m) return null;
  const seconds = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(seconds)) return null;
  const fraction = m[2] ? Number(`0.${m[2]}`) : 0;
  return seconds * 1000 + Math.round(fraction * 1e6);
}

/** µs since the epoch → `2026-11-24T19:01:36.065443Z` (the verdict's time format). */
export function microsToIso(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const micros = String(Math.round(us - ms * 1000)).padStart(3, '0');
  return `${iso.slice(0, 23)}${micros}Z`;
}
