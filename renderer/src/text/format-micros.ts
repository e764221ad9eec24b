/** Microseconds since the epoch → `2026-11-24 19:22:51.623702` (UTC, microseconds kept: packets are that close). */
export function formatMicros(us: number): string {
  if (!Number.isFinite(us)) return '—';
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const micros = String(Math.floor(us - ms * 1000)).padStart(3, '0');
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${micros}`;
}
