// The header of a `perf script` sample line, `COMM TID[/PID] [CPU] SECS.FRAC: [PERIOD] `, read by hand for the fast
// path: the SAMPLE regex of perf-script-grammar.ts costs ~0.5 µs a line, this a few dozen ns.
//
// It takes exactly the choices the regex takes first (COMM as short as possible, greedy digits) and answers only
// when those choices lead through the header; anything else (a COMM the regex would have to backtrack over, a
// non-ASCII or control character, a comment or quote marker) is BAIL and the line goes to the regex. Where the
// event name starts is returned; the rest of the line (`EVENT: PAYLOAD`) is the business of the sample templates,
// which were checked against the regex on a line with the same text.

/** The header fields of one sample line; reused between lines (read it before scanning the next). */
export interface SampleHeader {
  commStart: number;
  commEnd: number;
  /** `Number(m[3] ?? m[2])` of the regex: the PID after the slash, else the TID. */
  pid: number;
  cpu: number | null;
  /** `Number(m[5])`. */
  time: number;
  /** Where `EVENT:` starts (after the optional period). */
  nameStart: number;
}

/** Not read: the caller must use the regex. */
export const BAIL = -1;
/** Not this COMM end: the regex tries the next one. */
const NEXT = -2;

const SPACE = 0x20;
const TAB = 0x09;
const ZERO = 0x30;
const NINE = 0x39;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** A character where the regex's `\s` or `.` and this scanner could disagree: \v, \f, \r, other controls, non-ASCII. */
function isOdd(c: number): boolean {
  return (c < SPACE && c !== TAB) || c > 0x7e;
}

/** NEXT (the regex fails here too and tries a longer COMM), or BAIL when the character at `k` could be `\s`. */
function failAt(text: string, k: number, end: number): number {
  return k < end && isOdd(text.charCodeAt(k)) ? BAIL : NEXT;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** `[\w.-]` */
function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || isDigit(c) || c === 0x5f || c === 0x2e || c === 0x2d;
}

/** Powers of ten a fraction of up to 15 digits divides by (exact doubles). */
const TEN_POWERS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Reads the header of the line `text[start, end)` into `out`. Returns where the event name starts, or BAIL.
 * Times are `N / 10^k` with N and 10^k exact doubles (≤ 15 digits), which is the correctly rounded value of the
 * decimal, as `Number()` gives it.
 */
export function scanSampleHeader(text: string, start: number, end: number, out: SampleHeader): number {
  let i = start;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (i >= end) return BAIL;
  const first = text.charCodeAt(i);
  // `#` is a header or comment line; `>` / `|` may be a quote prefix (perf-script-grammar treats both first).
  if (first === 0x23 || first === 0x3e || first === 0x7c) return BAIL;
  const commStart = i;
  // COMM is `.*?\S`: try each end of a word, shortest first, as the lazy quantifier does.
  for (let j = i + 1; j < end; j++) {
    const before = text.charCodeAt(j - 1);
    // `.` stops at line terminators; \v, \f, \r and non-ASCII spaces are \s: leave those lines to the regex.
    if (isOdd(before)) return BAIL;
    if (!isBlank(text.charCodeAt(j)) || isBlank(before)) continue;
    const nameStart = scanAfterComm(text, j, end, out);
    if (nameStart === BAIL) return BAIL;
    if (nameStart >= 0) {
      out.commStart = commStart;
      out.commEnd = j;
      return nameStart;
    }
  }
  return BAIL;
}

/**
 * `\s+(\d+)(?:\/(\d+))?\s+(?:\[(\d+)\]\s+)?(\d+\.\d+):\s*(?:(\d+)\s+)?` at `at` (a blank after the COMM).
 * NEXT when it does not match there; BAIL when it matches but what follows is not a plain event name.
 */
function scanAfterComm(text: string, at: number, end: number, out: SampleHeader): number {
  let k = at;
  while (k < end && isBlank(text.charCodeAt(k))) k++;
  let digits = 0;
  let tid = 0;
  for (; k < end && isDigit(text.charCodeAt(k)); k++, digits++) tid = tid * 10 + (text.charCodeAt(k) - ZERO);
  if (digits === 0) return failAt(text, k, end);
  if (digits > 15) return BAIL;
  let pid = tid;
  if (k < end && text.charCodeAt(k) === 0x2f) {
    k++;
    digits = 0;
    pid = 0;
    for (; k < end && isDigit(text.charCodeAt(k)); k++, digits++) pid = pid * 10 + (text.charCodeAt(k) - ZERO);
    if (digits === 0) return failAt(text, k, end);
    if (digits > 15) return BAIL;
  }
  if (k >= end || !isBlank(text.charCodeAt(k))) return failAt(text, k, end);
  while (k < end && isBlank(text.charCodeAt(k))) k++;
  let cpu: number | null = null;
  if (k < end && text.charCodeAt(k) === 0x5b) {
    k++;
    digits = 0;
    let c = 0;
    for (; k < end && isDigit(text.charCodeAt(k)); k++, digits++) c = c * 10 + (text.charCodeAt(k) - ZERO);
    if (digits === 0 || k >= end || text.charCodeAt(k) !== 0x5d) return failAt(text, k, end);
    if (digits > 15) return BAIL;
    k++;
    if (k >= end || !isBlank(text.charCodeAt(k))) return failAt(text, k, end);
    while (k < end && isBlank(text.charCodeAt(k))) k++;
    cpu = c;
  }
  let whole = 0;
  digits = 0;
  for (; k < end && isDigit(text.charCodeAt(k)); k++, digits++) whole = whole * 10 + (text.charCodeAt(k) - ZERO);
  if (digits === 0 || k >= end || text.charCodeAt(k) !== 0x2e) return failAt(text, k, end);
  k++;
  let fraction = 0;
  let places = 0;
  for (; k < end && isDigit(text.charCodeAt(k)); k++, places++) fraction = fraction * 10 + (text.charCodeAt(k) - ZERO);
  if (places === 0 || k >= end || text.charCodeAt(k) !== 0x3a) return failAt(text, k, end);
  if (digits + places > 15) return BAIL;
  k++;
  // Matched through the time: from here the regex would only backtrack into another COMM, which we do not follow.
  while (k < end && isBlank(text.charCodeAt(k))) k++;
  // `(?:(\d+)\s+)?`: a period before the event, taken when digits are followed by a blank.
  let p = k;
  while (p < end && isDigit(text.charCodeAt(p))) p++;
  if (p > k && p < end && isOdd(text.charCodeAt(p))) return BAIL;
  if (p > k && p < end && isBlank(text.charCodeAt(p))) {
    k = p;
    while (k < end && isBlank(text.charCodeAt(k))) k++;
  }
  if (k >= end || !isNameChar(text.charCodeAt(k))) return BAIL;
  out.pid = pid;
  out.cpu = cpu;
  out.time = (whole * TEN_POWERS[places] + fraction) / TEN_POWERS[places];
  return k;
}
