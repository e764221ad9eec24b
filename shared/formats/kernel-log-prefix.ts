import type { RawTime } from '../model/kernel-event';

// The prefixes the kernel log wears, depending on who printed it:
//   dmesg                      `[ 5058.679046] msg`           (printk `[%5lu.%06lu]`, since boot)
//   dmesg -d                   `[ 5058.679046 <    0.000081>] msg`
//   dmesg -T                   `[Tue Nov 24 19:01:36 2026] msg` (local time, computed from boot time)
//   dmesg --time-format iso    `2026-11-24T19:01:36,123456+00:00 msg`
//   dmesg --time-format reltime `[Nov24 19:01] msg` / `[  +0.000210] msg`
//   dmesg -r                   `<4>[ 5058.679046] msg`
//   dmesg -x                   `kern  :warn  : [ 5058.679046] msg`
//   /dev/kmsg                  `4,343,835287827,-;msg` (+ ` KEY=value` dictionary lines)
//   printk caller id           `[ 5058.679046] [  T123] msg` / `[    5.123456][    T1] msg`
//   syslog (kern.log, messages) `Nov 24 19:01:36 host kernel: [ 5058.679046] msg` (no year; the uptime only when
//                              the kernel had CONFIG_PRINTK_TIME and the daemon kept it)
//   journalctl -o short / short-precise / short-iso / short-iso-precise / short-full / short-unix / short-monotonic
// Ref: util-linux dmesg(1) --time-format, journalctl(1) OUTPUT OPTIONS, Documentation/ABI/testing/dev-kmsg,
// /work/shared/spec/formats-notes.md §11; samples/dmesg/.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';

const KMSG = /^(\d{1,4}),(\d+),(\d+),[^;]{0,40};(.*)$/;
const PRIORITY = /^<(\d{1,4})>/;
const FACILITY = /^(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|res\d|local[0-7]) *: *(?:emerg|alert|crit|err|warn|notice|info|debug) *: ?/;
const SYSLOG = new RegExp(`^(${MONTH} {1,2}(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}))(\\.\\d{1,9})? +(\\S+) +(.*)$`);
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})? +(.*)$/;
const SHORT_FULL = new RegExp(`^${WEEKDAY} (\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))? ([A-Za-z]{1,6}|[+-]\\d{2}:?\\d{2}) +(.*)$`);
const SHORT_UNIX = /^(\d{9,11}(?:\.\d{1,9})?) +(.*)$/;
// `host tag: msg` after a syslog / journal time: the tag is `kernel` or a program with its pid.
const HOST_TAG = /^(\S+) +(kernel|[\w./@-]{1,64}\[\d+\]|[\w./@-]{1,64}): ?(.*)$/;
// dmesg stamps. After the closing bracket dmesg prints one space, or the caller-id bracket, or nothing.
const BOOT_STAMP = /^\[ *(\d+)\.(\d+)(?: *< *\d+\.\d+>)?\](?=[ [\]]|$) ?/;
const CTIME_STAMP = new RegExp(`^\\[${WEEKDAY} ${MONTH} +(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2}) (\\d{4})\\] ?`);
const RELTIME_STAMP = new RegExp(`^\\[(?:${MONTH}\\d{1,2} \\d{2}:\\d{2}| *\\+\\d+\\.\\d+)\\] ?`);
const CALLER_ID = /^\[ *[TC]\d{1,7}\] ?/;
const KERNEL_TAG = /^kernel: ?/;

/** How a kernel log line was stamped: the tool that printed it, as far as the prefix tells. */
export type KernelLogStyle = 'kmsg' | 'dmesg' | 'dmesg-ctime' | 'dmesg-iso' | 'dmesg-reltime' | 'syslog' | 'journal' | 'kernel-tag';

/** What the prefix of one kernel log line said, and the message after it. */
export interface KernelLogPrefix {
  style: KernelLogStyle;
  /** The kernel's since-boot stamp when printed, else the wall / time-of-day stamp of the prefix, else null. */
  time: RawTime | null;
  /** The syslog / journal stamp of a line whose `time` is the kernel's since-boot stamp (both were printed). */
  syslogTime: RawTime | null;
  host: string | null;
  /** Syslog tag of a line some other program wrote (`sshd[812]`); null for kernel lines. */
  program: string | null;
  /** A year-less syslog date as printed (`Jul 8 10:03:53`), null otherwise. */
  syslogDate: string | null;
  /** True when a wall time came without a usable time zone and was read as UTC. */
  zoneAssumed: boolean;
  message: string;
}

function boot(seconds: string, fraction: string): RawTime {
  return { clock: 'boot', value: Number(`${seconds}.${fraction}`) };
}

function fractionOf(digits: string | undefined): number {
  return digits ? Number(`0.${digits.replace(/^\./, '')}`) : 0;
}

function validClock(hours: number, minutes: number, seconds: number): boolean {
  return hours < 24 && minutes < 60 && seconds < 61;
}

/** Unix seconds (UTC) of a calendar date and time; null when a field is out of range. */
function wallSeconds(year: number, month: number, day: number, hours: number, minutes: number, seconds: number): number | null {
  if (month < 0 || month > 11 || day < 1 || day > 31 || !validClock(hours, minutes, seconds)) return null;
  return Date.UTC(year, month, day, hours, minutes, seconds) / 1000;
}

/** Seconds east of UTC for `Z`, `+0100`, `-05:30`; null for anything else (zone names). */
function zoneOffset(zone: string | undefined): number | null {
  if (zone === undefined) return null;
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (!m) return null;
  const seconds = Number(m[2]) * 3600 + Number(m[3]) * 60;
  return m[1] === '-' ? -seconds : seconds;
}

/** A wall-clock prefix (syslog, journal, dmesg iso) and what follows it. */
interface WallPrefix {
  style: KernelLogStyle;
  time: RawTime;
  zoneAssumed: boolean;
  syslogDate: string | null;
  rest: string;
  /** True when `rest` still starts with `host tag:` (syslog, journal), false for dmesg iso. */
  tagged: boolean;
}

function readWallPrefix(line: string): WallPrefix | null {
  const syslog = SYSLOG.exec(line);
  if (syslog) {
    const [hours, minutes, seconds] = [Number(syslog[4]), Number(syslog[5]), Number(syslog[6])];
    const day = Number(syslog[3]);
    if (!validClock(hours, minutes, seconds) || day < 1 || day > 31) return null;
    // No year in RFC 3164 stamps: only the time of day is certain (and it is the logging host's local time).
    const value = hours * 3600 + minutes * 60 + seconds + fractionOf(syslog[7]);
    return { style: 'syslog', time: { clock: 'time-of-day', value }, zoneAssumed: false, syslogDate: syslog[1], rest: `${syslog[8]} ${syslog[9]}`, tagged: true };
  }
  const iso = ISO.exec(line);
  if (iso) {
    const base = wallSeconds(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]), Number(iso[4]), Number(iso[5]), Number(iso[6]));
    if (base === null) return null;
    const offset = zoneOffset(iso[8]);
    const value = base + fractionOf(iso[7]) - (offset ?? 0);
    // `dmesg --time-format iso` prints no host; journalctl short-iso prints `host kernel:` or `host prog[pid]:`.
    const tagged = /^\S+ +(?:kernel|[\w./@-]{1,64}\[\d+\]): /.test(iso[9]);
    return { style: tagged ? 'journal' : 'dmesg-iso', time: { clock: 'wall', value }, zoneAssumed: offset === null, syslogDate: null, rest: iso[9], tagged };
  }
  const full = SHORT_FULL.exec(line);
  if (full) {
    const base = wallSeconds(Number(full[1]), Number(full[2]) - 1, Number(full[3]), Number(full[4]), Number(full[5]), Number(full[6]));
    if (base === null) return null;
    const offset = zoneOffset(full[8]);
    const value = base + fractionOf(full[7]) - (offset ?? 0);
    return { style: 'journal', time: { clock: 'wall', value }, zoneAssumed: offset === null, syslogDate: null, rest: full[9], tagged: true };
  }
  const unix = SHORT_UNIX.exec(line);
  // A bare number is a journal `short-unix` stamp only when `host kernel:` / `host prog[pid]:` follows.
  if (unix && /^\S+ +(?:kernel|[\w./@-]{1,64}\[\d+\]): /.test(unix[2])) {
    return { style: 'journal', time: { clock: 'wall', value: Number(unix[1]) }, zoneAssumed: false, syslogDate: null, rest: unix[2], tagged: true };
  }
  return null;
}

/** The kernel's own stamp at the start of `text` (`[ 5058.679046]`, `[Tue Nov 24 19:01:36 2026]`), if any. */
function readKernelStamp(text: string): { style: KernelLogStyle; time: RawTime | null; zoneAssumed: boolean; rest: string } | null {
  const stamp = BOOT_STAMP.exec(text);
  if (stamp) return { style: 'dmesg', time: boot(stamp[1], stamp[2]), zoneAssumed: false, rest: text.slice(stamp[0].length) };
  const ctime = CTIME_STAMP.exec(text);
  if (ctime) {
    // dmesg -T prints local time and derives it from the boot time, so it drifts after a suspend (dmesg(1)).
    // The time zone is not printed: read as UTC, and say so in the artifact's meta.
    const value = wallSeconds(Number(ctime[6]), MONTHS.indexOf(ctime[1]), Number(ctime[2]), Number(ctime[3]), Number(ctime[4]), Number(ctime[5]));
    if (value === null) return null;
    return { style: 'dmesg-ctime', time: { clock: 'wall', value }, zoneAssumed: true, rest: text.slice(ctime[0].length) };
  }
  const reltime = RELTIME_STAMP.exec(text);
  // `[Nov24 19:01]` / `[  +0.000210]` are relative or minute-rounded: recognised, but no usable time.
  if (reltime) return { style: 'dmesg-reltime', time: null, zoneAssumed: false, rest: text.slice(reltime[0].length) };
  return null;
}

function withoutCallerId(message: string): string {
  const caller = CALLER_ID.exec(message);
  return caller ? message.slice(caller[0].length) : message;
}

/** Reads the prefix of one kernel log line (already unquoted and trimmed). Null when it has none of the known prefixes. */
export function readKernelLogPrefix(line: string): KernelLogPrefix | null {
  const kmsg = KMSG.exec(line);
  if (kmsg) {
    // /dev/kmsg: `prio,seq,usec,flags;message`, the time in µs since boot. Ref: Documentation/ABI/testing/dev-kmsg.
    const usec = kmsg[3];
    const time: RawTime = { clock: 'boot', value: Number(usec) / 1e6 };
    return { style: 'kmsg', time, syslogTime: null, host: null, program: null, syslogDate: null, zoneAssumed: false, message: kmsg[4] };
  }
  let rest = line;
  const priority = PRIORITY.exec(rest);
  if (priority) rest = rest.slice(priority[0].length);
  const facility = FACILITY.exec(rest);
  if (facility) rest = rest.slice(facility[0].length);

  const result: KernelLogPrefix = { style: 'dmesg', time: null, syslogTime: null, host: null, program: null, syslogDate: null, zoneAssumed: false, message: rest };
  let recognised = priority !== null || facility !== null;
  const wall = readWallPrefix(rest);
  if (wall) {
    Object.assign(result, { style: wall.style, time: wall.time, zoneAssumed: wall.zoneAssumed, syslogDate: wall.syslogDate });
    rest = wall.rest;
    recognised = true;
    if (wall.tagged) {
      const tagged = HOST_TAG.exec(rest);
      if (!tagged) {
        result.message = rest;
        return result;
      }
      result.host = tagged[1];
      rest = tagged[3];
      if (tagged[2] !== 'kernel') {
        // Another program's line in /var/log/messages or the journal: kept whole, tag included.
        result.program = tagged[2];
        result.message = `${tagged[2]}: ${rest}`;
        return result;
      }
    }
  } else {
    const kernelTag = KERNEL_TAG.exec(rest);
    // `kernel: [ 123.456] msg`: a syslog line whose date and host were cut when it was quoted.
    if (kernelTag && BOOT_STAMP.test(rest.slice(kernelTag[0].length))) {
      rest = rest.slice(kernelTag[0].length);
      result.style = 'kernel-tag';
      recognised = true;
    }
  }
  const stamp = readKernelStamp(rest);
  if (stamp) {
    if (wall) {
      // Both clocks on one line: the kernel's since-boot stamp is the precise one; the syslog one is kept aside.
      result.syslogTime = stamp.time ? result.time : null;
      result.time = stamp.time ?? result.time;
    } else {
      result.style = result.style === 'kernel-tag' ? 'kernel-tag' : stamp.style;
      result.time = stamp.time;
      result.zoneAssumed = stamp.zoneAssumed;
    }
    rest = stamp.rest;
    recognised = true;
    if (!wall && stamp.style === 'dmesg') {
      // journalctl -o short-monotonic: `[ 5058.679046] host kernel: msg`.
      const journal = /^(\S+) kernel: ?(.*)$/.exec(rest);
      if (journal) {
        result.style = 'journal';
        result.host = journal[1];
        rest = journal[2];
      }
    }
  }
  if (!recognised) return null;
  result.message = withoutCallerId(rest);
  return result;
}
