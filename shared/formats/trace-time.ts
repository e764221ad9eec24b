// Time stamps as kernel tracers print them, turned into RawTime values (see shared/model/kernel-event.ts).
// Calendar dates become Unix seconds with Date.UTC: parsers never read the clock or the local time zone.

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

// ctime()/asctime(): `Tue Nov 24 19:22:55 2026`, day of month space-padded (`Thu Dec  2 …`).
const CTIME = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})\b/;
// `2024-10-01T12:34:56.789` (pwru absolute), `2023-1-5 12:00:01.123456` (nettrace --date, unpadded month/day).
const DATE_TIME = /\b(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2}):(\d{2})(\.\d+)?\b/;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2}):(\d{2})(\.\d+)?$/;

/** Seconds since the epoch for a ctime()-style date inside `text`, read as UTC; null when there is none. */
export function ctimeSeconds(text: string): number | null {
  const m = CTIME.exec(text);
  if (!m) return null;
  const value = Date.UTC(Number(m[6]), MONTHS[m[1]], Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  return Number.isFinite(value) ? value / 1000 : null;
}

/** Seconds since the epoch for a `YYYY-M-D[T ]HH:MM:SS[.frac]` date inside `text`, read as UTC. */
export function dateTimeSeconds(text: string): number | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const value = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (!Number.isFinite(value)) return null;
  return value / 1000 + (m[7] ? Number(m[7]) : 0);
}

/** Seconds since midnight for `HH:MM:SS[.ffffff]` (the whole token), or null. */
export function timeOfDaySeconds(token: string): number | null {
  const m = TIME_OF_DAY.exec(token);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  const seconds = Number(m[3]);
  if (hours > 23 || minutes > 59 || seconds > 60) return null;
  return hours * 3600 + minutes * 60 + seconds + (m[4] ? Number(m[4]) : 0);
}
