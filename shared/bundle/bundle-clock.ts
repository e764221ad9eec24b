import type { ClockAnchor } from '../model/clock-anchor';

// A bundle's wall clock and since-boot clock, from the commands every collector runs: `date` / `date --utc`
// (C locale: `Tue Nov 25 03:34:12 UTC 2026`) and `uptime` (` 03:34:12 up 5 days,  2:03,  1 user,  load average…`:
// the local time of day it ran, then the time since boot to the minute). Together they anchor since-boot stamps
// (dmesg's `[12345.678901]`) on the wall clock, as the collector's clock-anchors.txt does, far less precisely: ±61 s.
// Ref: coreutils date(1) default format in the C locale; procps uptime(1) (print_uptime: "up %d days, %2d:%02d").

/** What a bundle says about its host and clock. */
export interface BundleFacts {
  host: string | null;
  kernelRelease: string | null;
  /** The `date` line as printed. */
  date: string | null;
  /** The `uptime` line as printed. */
  uptime: string | null;
  /** Wall ↔ since-boot pairs (at most one). */
  anchors: ClockAnchor[];
  /** Why no anchor could be made, when none was. */
  anchorProblem: string | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE_C = /^\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d\d):(\d\d):(\d\d)\s+(\S+)\s+(\d{4})$/;
const UPTIME = /^\s*(\d\d):(\d\d):(\d\d)\s+up\s+(.*?),\s+\d+\s+users?,/;
const UPTIME_NO_USERS = /^\s*(\d\d):(\d\d):(\d\d)\s+up\s+(.*?),\s+load average/;
/** Uptime's resolution (minutes) plus date's (seconds). */
const UNCERTAINTY = 61;

/** `Tue Nov 25 03:34:12 UTC 2026` → epoch seconds (UTC only) and the time of day printed. */
export function parseDate(line: string): { epoch: number | null; tod: number; zone: string } | null {
  const m = DATE_C.exec(line.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]);
  if (month < 0) return null;
  const tod = Number(m[3]) * 3600 + Number(m[4]) * 60 + Number(m[5]);
  const utc = /^(?:UTC|GMT|UCT|Z|UTC\+0+|\+0000)$/.test(m[6]);
  const epoch = utc ? Date.UTC(Number(m[7]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) / 1000 : null;
  return { epoch, tod, zone: m[6] };
}

/** ` 03:34:12 up 5 days,  2:03,  1 user, …` → time of day and seconds since boot (to the minute). */
export function parseUptime(line: string): { tod: number; up: number } | null {
  const m = UPTIME.exec(line) ?? UPTIME_NO_USERS.exec(line);
  if (!m) return null;
  const tod = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  let up = 0;
  let matched = false;
  for (const part of m[4].split(',').map((p) => p.trim())) {
    let p: RegExpExecArray | null;
    if ((p = /^(\d+)\s+days?$/.exec(part))) up += Number(p[1]) * 86400;
    else if ((p = /^(\d+):(\d\d)$/.exec(part))) up += Number(p[1]) * 3600 + Number(p[2]) * 60;
    else if ((p = /^(\d+)\s+min$/.exec(part))) up += Number(p[1]) * 60;
    else continue;
    matched = true;
  }
  return matched ? { tod, up } : null;
}

/** Signed difference a − b of two times of day, folded into ±12 h. */
function todDelta(a: number, b: number): number {
  return ((((a - b) % 86400) + 86400 + 43200) % 86400) - 43200;
}

/** The facts of the outputs found (any may be missing). */
export function bundleFacts(texts: { date?: string; dateUtc?: string; uptime?: string; hostname?: string; uname?: string }, label: string): BundleFacts {
  const first = (t: string | undefined) => t?.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? null;
  const uname = first(texts.uname)?.split(/\s+/) ?? null;
  const facts: BundleFacts = {
    host: first(texts.hostname) ?? (uname && uname[0] === 'Linux' ? uname[1] ?? null : null),
    kernelRelease: uname && uname[0] === 'Linux' ? uname[2] ?? null : null,
    date: first(texts.date) ?? first(texts.dateUtc),
    uptime: first(texts.uptime),
    anchors: [],
    anchorProblem: null,
  };
  const local = facts.date && texts.date ? parseDate(first(texts.date)!) : null;
  const utcLine = first(texts.dateUtc);
  const utc = utcLine ? parseDate(utcLine) : local?.epoch !== null ? local : null;
  const up = facts.uptime ? parseUptime(facts.uptime) : null;
  if (!utc || utc.epoch === null) {
    facts.anchorProblem = local ? `date is in local time (${local.zone}) and no \`date --utc\` says which UTC instant it is` : 'no readable `date` output';
    return facts;
  }
  if (!up) {
    facts.anchorProblem = 'no readable `uptime` output';
    return facts;
  }
  // uptime prints local time; `date` (local) and `date --utc` read back to back give the zone offset, in quarter hours.
  const offset = local ? Math.round(todDelta(local.tod, utc.tod) / 900) * 900 : 0;
  const wall = utc.epoch + todDelta(up.tod - offset, utc.tod);
  facts.anchors.push({ kind: 'clock-anchor', line: 1, wall, boot: up.up, label, wallAfter: null, monotonic: null, uncertainty: UNCERTAINTY });
  return facts;
}
