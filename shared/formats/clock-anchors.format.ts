import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { ClockAnchor } from '../model/clock-anchor';
import { readLines } from '../text/read-lines';
import { LineWarnings } from './line-warnings';

// hookline-collect's clock-anchors.txt: the wall clock and the since-boot clocks read back to back, before and
// after the capture window, so since-boot artifacts (perf, dmesg, stap) get an offset measured on the host:
//   # hookline-collect clock anchors v1: wall = date +%s.%N (UTC seconds), uptime = /proc/uptime, read back to back
//   # host=vm release=6.18.44-fc-v782
//   anchor=before wall=1795572021.644426340 uptime=3166.19 wall_after=1795572021.692505866 monotonic_ns=3166211663147
// Keys may come in any order; unknown keys are kept out of the record without a warning (a later collector may add
// some). A `date` without %N support (old busybox) prints `1795572021.N` or `1795572021.%N`: the seconds are kept.
// Ref: collect/hookline-collect.sh `anchor()`; proc(5) /proc/uptime; kernel/time/timer_list.c (`now at %Ld nsecs`).

const HEADER = /^#\s*hookline-collect clock anchors\b/i;
const ANCHOR_LINE = /^anchor=\S+\s+wall=\d/;
const SECONDS = /^(\d+)(?:\.(\d*))?/;
/** /proc/uptime prints centiseconds. */
const UPTIME_STEP = 0.01;

/** Seconds from `1795572021.644426340`, `3166.19`, or the `1795572021.N` of a date without %N; null otherwise. */
function seconds(text: string | undefined): { value: number; exact: boolean } | null {
  if (text === undefined) return null;
  const m = SECONDS.exec(text);
  if (!m) return null;
  const exact = m[0].length === text.length;
  return { value: Number(m[1]) + (m[2] ? Number(`0.${m[2]}`) : 0), exact };
}

/** `key=value` words of a line (split on blanks: linear whatever the line). Words without `=` are ignored. */
function pairsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const word of text.split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq > 0 && /^\w+$/.test(word.slice(0, eq))) out.set(word.slice(0, eq).toLowerCase(), word.slice(eq + 1));
  }
  return out;
}

/** A `# key=value key=value` header line: every word after `#` is a pair. */
function isFactsLine(line: string): boolean {
  const words = line.slice(1).trim().split(/\s+/);
  return words.length > 0 && words.every((w) => /^\w+=/.test(w));
}

/** 0.9 with the collector's header, 0.8 for `anchor=… wall=…` lines alone. */
export function probeClockAnchors(input: ProbeInput): number {
  if (input.text === null) return 0;
  const lines = input.text.split('\n', 20).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return 0;
  if (HEADER.test(lines[0])) return 0.9;
  return lines.filter((l) => ANCHOR_LINE.test(l)).length >= 1 && lines.every((l) => l.startsWith('#') || ANCHOR_LINE.test(l)) ? 0.8 : 0;
}

/** Reads every anchor line; `# key=value` header lines become meta (`release` as `kernelRelease`). */
export function* parseClockAnchors(source: ArtifactSource, ctx: ParseContext): Generator<ClockAnchor> {
  const warnings = new LineWarnings(ctx, 'clock-anchors');
  for (const { n, text } of readLines(source)) {
    const line = text.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (isFactsLine(line)) {
        for (const [k, v] of pairsOf(line.slice(1))) if (v) ctx.meta(k === 'release' ? 'kernelRelease' : k, v);
      } else if (HEADER.test(line)) {
        const version = /\bv(\d+)\b/.exec(line);
        if (version) ctx.meta('version', version[1]);
      }
      continue;
    }
    const pairs = pairsOf(line);
    const wall = seconds(pairs.get('wall'));
    const boot = seconds(pairs.get('uptime') ?? pairs.get('boot'));
    if (!wall || !boot) {
      warnings.warn('unrecognised-line', n, `not an anchor (needs wall= and uptime=): "${line.length > 80 ? `${line.slice(0, 80)}…` : line}"`);
      continue;
    }
    if (!wall.exact) warnings.warn('coarse-wall', n, `wall clock "${pairs.get('wall')}" has no fraction (date without %N): ±1 s`);
    const after = seconds(pairs.get('wall_after'));
    const monoNs = pairs.get('monotonic_ns');
    const monotonic = monoNs && /^\d+$/.test(monoNs) ? Number(monoNs) / 1e9 : null;
    const width = after && after.value >= wall.value ? after.value - wall.value : null;
    if (after && after.value < wall.value) warnings.warn('clock-stepped', n, `wall_after ${pairs.get('wall_after')} is before wall ${pairs.get('wall')}: the wall clock stepped back during the read`);
    yield {
      kind: 'clock-anchor',
      line: n,
      wall: wall.value,
      boot: boot.value,
      label: pairs.get('anchor') || null,
      wallAfter: after && after.value >= wall.value ? after.value : null,
      monotonic,
      uncertainty: (width ?? 0) + UPTIME_STEP + (wall.exact ? 0 : 1),
    };
  }
  warnings.finish();
}

export const clockAnchorsFormat: ArtifactFormat<ClockAnchor> = {
  id: 'clock-anchors',
  label: 'Clock anchors (hookline-collect: wall clock ↔ uptime)',
  kind: 'text',
  probe: probeClockAnchors,
  parse: parseClockAnchors,
};
