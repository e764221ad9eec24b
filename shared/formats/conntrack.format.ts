import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { ConntrackEntry, ConntrackEvent, ConntrackStats } from '../model/conntrack';
import { readLines } from '../text/read-lines';
import { LONGEST_LINE, unquotedLines } from './unquote-paste';
import { ChatterFilter } from './paste-chatter';
import { LineWarnings } from './line-warnings';
import { probeLines, scoreHits } from './probe-lines';
import { looksLikeFlow, readConntrackFlow } from './conntrack-flow-text';

// Connection tracking state and statistics (formats-notes §15):
//   conntrack -L [-o extended,id,timestamp] / cat /proc/net/nf_conntrack   one entry per line (conntrack-flow-text.ts)
//   conntrack -E [-o timestamp]   `[sec.usec]\t` then `%9s ` event (`    [NEW]`, ` [UPDATE]`, `[DESTROY]`) and the flow
//   conntrack -S                  `cpu=N   \tfound=… invalid=… insert_failed=… drop=… early_drop=… …` (names per kernel)
//   /proc/net/stat/nf_conntrack   a header of names, then one row of 8-digit hex values per possible CPU
// conntrack's stderr summary (`conntrack v1.4.7 (conntrack-tools): N flow entries have been shown.`) lands first
// or last depending on buffering. Ref: conntrack-tools src/conntrack.c; libnetfilter_conntrack snprintf_default.c;
// net/netfilter/nf_conntrack_standalone.c ct_cpu_seq_show.

type ConntrackRecord = ConntrackEntry | ConntrackEvent | ConntrackStats;

const EVENT = /^(?:\[(\d{1,12})\.(\d{1,9})\]\s*)?\[(NEW|UPDATE|DESTROY)\]\s+(.*)$/;
const STATS = /^cpu=(\d{1,5})\s+(.*)$/;
const TOOL_MESSAGE = /^conntrack v[\d.]+ \(conntrack-tools\): (.*)$/;
const SHOWN = /^(\d+) flow (entries|events|expectations) ha(?:s|ve) been shown\.$/;
const STAT_HEADER = /^entries\s+(?:[a-z_]+\s+){3,}[a-z_]+\s*$/;
const STAT_ROW = /^[0-9a-f]{8}(?:\s+[0-9a-f]{8}){3,}\s*$/;
/** `cat -n` numbering before a /proc line (`   853  ipv4     2 tcp …`). */
const CAT_N = /^\s*\d{1,9}\s+(?=(?:ipv4|ipv6|[a-z]+ +\d))/;

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Yields entries, events and per-CPU statistics in file order. */
export function* parseConntrack(source: ArtifactSource, ctx: ParseContext): Generator<ConntrackRecord> {
  const warnings = new LineWarnings(ctx, 'conntrack');
  const chatter = new ChatterFilter();
  let statNames: string[] | null = null;
  let statRow = 0;
  for (const { n, text } of unquotedLines(readLines(source))) {
    let line = text.trim();
    if (line.length === 0) continue;
    if (text.length > LONGEST_LINE) {
      warnings.warn('line-too-long', n, `line of ${text.length} characters skipped`);
      continue;
    }
    const tool = TOOL_MESSAGE.exec(line);
    if (tool) {
      const shown = SHOWN.exec(tool[1]);
      if (shown) ctx.meta(`${shown[2]}Shown`, shown[1]);
      else ctx.meta('conntrackMessage', tool[1]);
      continue;
    }
    const event = EVENT.exec(line);
    if (event) {
      const read = readConntrackFlow(event[4]);
      if (!read) {
        warnings.warn('not-a-flow', n, `event without a readable flow: "${clip(line)}"`);
        continue;
      }
      if (read.unread.length) warnings.warn('flow-field', n, `words not read: "${clip(read.unread.join(' '))}"`);
      const time = event[1] !== undefined ? { clock: 'wall' as const, value: Number(`${event[1]}.${event[2]}`) } : null;
      yield { kind: 'conntrack-event', line: n, event: event[3] as ConntrackEvent['event'], time, ...read.flow };
      continue;
    }
    const stats = STATS.exec(line);
    if (stats) {
      const counters: Record<string, number> = {};
      const rest = stats[2].trim();
      for (const pair of rest.split(/\s+/)) {
        const m = /^([a-z_]+)=(\d{1,20})$/.exec(pair);
        if (m) counters[m[1]] = Number(m[2]);
        else warnings.warn('stats-field', n, `statistics word not read: "${clip(pair)}"`);
      }
      yield { kind: 'conntrack-stats', line: n, cpu: Number(stats[1]), source: 'conntrack -S', counters };
      continue;
    }
    if (STAT_HEADER.test(line)) {
      statNames = line.split(/\s+/);
      statRow = 0;
      continue;
    }
    if (STAT_ROW.test(line)) {
      if (statNames === null) {
        warnings.warn('stat-row-without-header', n, '/proc/net/stat/nf_conntrack row without its header line: names unknown');
        continue;
      }
      const values = line.split(/\s+/);
      if (values.length !== statNames.length) warnings.warn('stat-columns', n, `${values.length} values under ${statNames.length} names`);
      const counters: Record<string, number> = {};
      values.slice(0, statNames.length).forEach((v, i) => (counters[statNames![i]] = parseInt(v, 16)));
      // One row per possible CPU, in CPU order (ct_cpu_seq_start skips impossible CPUs, not offline ones).
      yield { kind: 'conntrack-stats', line: n, cpu: statRow++, source: '/proc/net/stat/nf_conntrack', counters };
      continue;
    }
    const numbered = CAT_N.exec(line);
    if (numbered) line = line.slice(numbered[0].length);
    if (looksLikeFlow(line)) {
      const read = readConntrackFlow(line);
      if (read) {
        if (read.unread.length) warnings.warn('flow-field', n, `words not read: "${clip(read.unread.join(' '))}"`);
        yield { kind: 'conntrack-entry', line: n, ...read.flow };
        continue;
      }
    }
    if (chatter.test(text)) continue;
    warnings.unreadable(n, text);
  }
  warnings.finish();
}

/** Scores conntrack entries, events, `cpu=` statistics and the /proc/net/stat header. */
export function probeConntrack(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  for (const raw of lines) {
    const line = raw.trim().replace(CAT_N, '');
    if (looksLikeFlow(line) || /^(?:\[\d+\.\d+\]\s*)?\[(?:NEW|UPDATE|DESTROY)\] +[a-z]+ +\d+ /.test(line)) hits++;
    else if (/^cpu=\d+\s+(?:searched|found)=\d+ .*\binvalid=\d+/.test(line) || STAT_HEADER.test(line) || TOOL_MESSAGE.test(line)) hits += 2;
  }
  return scoreHits(hits, lines);
}

/** conntrack -L / -E / -S and /proc/net/nf_conntrack, /proc/net/stat/nf_conntrack. */
export const conntrackFormat: ArtifactFormat<ConntrackRecord> = {
  id: 'conntrack',
  label: 'Connection tracking (conntrack -L / -E / -S, /proc/net/nf_conntrack)',
  kind: 'text',
  probe: probeConntrack,
  parse: parseConntrack,
};
