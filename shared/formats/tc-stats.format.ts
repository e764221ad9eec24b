import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { CounterFact } from '../model/log-line';
import type { QdiscFact } from '../model/qdisc';
import { readLines } from '../text/read-lines';
import { LONGEST_LINE, unquotedLines } from './unquote-paste';
import { ChatterFilter } from './paste-chatter';
import { LineWarnings } from './line-warnings';
import { probeLines, scoreHits } from './probe-lines';
import { promptCommand } from './paste-wrappers';

// Traffic-control and NIC counters (formats-notes §16):
//   tc -s qdisc   `qdisc <kind> <handle>: [dev X] root|parent P [refcnt N] <params>`, then
//                 ` Sent B bytes P pkt (dropped D, overlimits O requeues R) `, ` backlog Xb Yp requeues R` and the
//                 qdisc's own xstats (`  maxpacket 1514 drop_overlimit 0 …`, `  flows 5 (inactive 4 throttled 0)`)
//   tc -s class   `class <kind> <id> [dev X] root|parent P [leaf H:] <params>`, the same stats, htb's
//                 ` lended: N borrowed: N giants: N` / ` tokens: N ctokens: N`, a blank line
//   tc -s filter  `filter [dev X] parent P protocol … pref N <kind> chain C [fh H …]`, keys (`match hex/mask at
//                 off`), TAB-indented `action order N: <kind> (…) <control>`, `Action statistics:` and its stats
//   ethtool -S    `NIC statistics:` then `     name: value`
// tc omits `dev X` when the command named the device (`tc -s qdisc show dev eth0`): the device then comes from
// the command line when the paste kept it. Backlog sizes are printed rounded (`32Kb`, `1Mb`: ×1024).
// Ref: iproute2 tc/tc_qdisc.c print_qdisc, tc/tc_class.c print_class, tc/tc_filter.c print_filter,
// tc/tc_util.c print_tcstats2_attr, tc/m_action.c tc_print_one_action; ethtool ethtool.c do_gnicstats.

type TcRecord = CounterFact | QdiscFact;

const QDISC = /^qdisc (\S+) ([0-9a-f]+:)(?: dev (\S+))?(?: (root|parent \S+))?(.*)$/;
const CLASS = /^class (\S+) ([0-9a-f]+:[0-9a-f]*)(?: dev (\S+))?(?: (root|parent \S+))?(.*)$/;
const FILTER = /^filter (?:dev (\S+) )?(?:parent (\S+) )?(.*)$/;
const SENT = /^Sent (\d+) bytes (\d+) pkts?(?: \(dropped (\d+), overlimits (\d+) requeues (\d+)\))?/;
const SENT_HW = /^Sent hardware (\d+) bytes (\d+) pkts?/;
const BACKLOG = /\bbacklog (\d+(?:\.\d+)?)([KMG]?)b (\d+)p(?: requeues (\d+))?/;
const ACTION = /^action order (\d+): ?(\S+)(.*)$/;
const ETHTOOL_HEADER = /^(?:NIC statistics:|Standard stats for (\S+):)$/;
const ETHTOOL_VALUE = /^(\S.*?):\s+(-?\d+)$/;
const DEVICE_COMMAND = /\b(?:tc\b.*\bdev|ethtool\s+(?:-S|--statistics)(?:\s+--all-groups|\s+--groups\s+\S+)*)\s+([\w.@-]+)/;
const SIZE_SCALE: Record<string, number> = { '': 1, K: 1024, M: 1024 * 1024, G: 1024 * 1024 * 1024 };

interface Current {
  fact: QdiscFact;
  /** Stats of this object already seen (a second backlog `requeues` repeats the first). */
  requeuesSeen: boolean;
}

function scopeOf(device: string | null, handle: string): string {
  return device === null ? handle : `${device}:${handle}`;
}

/** Integer `name value` / `name: value` pairs of an xstats line (`latency 8.5us` and other unit values skipped). */
function xstatPairs(text: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const re = /([A-Za-z_][\w-]*):?\s+\(?(-?\d+)(?![\w.])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push([m[1], Number(m[2])]);
  return out;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Yields a QdiscFact per qdisc / class / filter action and a CounterFact per counter, in file order. */
export function* parseTcStats(source: ArtifactSource, ctx: ParseContext): Generator<TcRecord> {
  const warnings = new LineWarnings(ctx, 'tc-stats');
  const chatter = new ChatterFilter();
  let commandDevice: string | null = null;
  let current: Current | null = null;
  let filter: { device: string | null; handle: string } | null = null;
  let ethtool: { device: string | null } | null = null;
  let unnamedNoted = false;
  const counter = (n: number, scope: string, name: string, value: number): CounterFact => ({ kind: 'counter', line: n, scope, name, value });

  for (const { n, text } of unquotedLines(readLines(source))) {
    const line = text.trim();
    if (line.length === 0) continue;
    if (text.length > LONGEST_LINE) {
      warnings.warn('line-too-long', n, `line of ${text.length} characters skipped`);
      continue;
    }
    // `# tc …` is not a prompt to promptCommand (a bare `#` is a comment in other formats): tc and ethtool added here.
    const command = promptCommand(text) ?? (/^(?:[$#%]\s+)?(?:sudo\s+)?(?:ip netns exec \S+\s+)?(?:tc|ethtool)\s/.test(line) ? line : null);
    if (command !== null) {
      const dev = DEVICE_COMMAND.exec(command);
      commandDevice = dev ? dev[1] : null;
      current = null;
      filter = null;
      ethtool = null;
      continue;
    }
    const qdisc = QDISC.exec(line) ?? CLASS.exec(line);
    if (qdisc) {
      const object = line.startsWith('qdisc') ? 'qdisc' : 'class';
      const device = qdisc[3] ?? commandDevice;
      const parent = qdisc[4] === undefined ? null : qdisc[4] === 'root' ? 'root' : qdisc[4].slice('parent '.length);
      // Handle 0: is "none given": every queue of an mq root is `qdisc fq_codel 0: parent :N`, told apart by parent.
      const key = qdisc[2] === '0:' && parent !== null && parent !== 'root' ? `0: parent ${parent}` : qdisc[2];
      const fact: QdiscFact = {
        kind: 'qdisc', line: n, object, type: qdisc[1], device, handle: qdisc[2], parent, scope: scopeOf(device, key), params: qdisc[5].trim(),
      };
      current = { fact, requeuesSeen: false };
      filter = null;
      ethtool = null;
      yield fact;
      continue;
    }
    const filterHead = FILTER.exec(line);
    if (filterHead) {
      const device = filterHead[1] ?? commandDevice;
      const rest = filterHead[3];
      const pref = /\bpref (\d+)/.exec(rest)?.[1];
      const fh = /\bfh (\S+)/.exec(rest)?.[1];
      const handle = [filterHead[2] ?? '', pref ? `pref ${pref}` : '', fh ? `fh ${fh}` : ''].filter(Boolean).join(' ');
      filter = { device, handle };
      current = null;
      ethtool = null;
      // u32 with CONFIG_CLS_U32_PERF prints `(rule hit N success M)`.
      const hits = /\(rule hit (\d+) success (\d+)\)/.exec(rest);
      if (hits) {
        yield counter(n, scopeOf(device, handle), 'rule_hit', Number(hits[1]));
        yield counter(n, scopeOf(device, handle), 'rule_success', Number(hits[2]));
      }
      continue;
    }
    const action = filter ? ACTION.exec(line) : null;
    if (action && filter) {
      const handle = `${filter.handle} action ${action[1]}`;
      const fact: QdiscFact = {
        kind: 'qdisc', line: n, object: 'filter-action', type: action[2], device: filter.device, handle, parent: null,
        scope: scopeOf(filter.device, handle), params: action[3].trim(),
      };
      current = { fact, requeuesSeen: false };
      yield fact;
      continue;
    }
    const ethHeader = ETHTOOL_HEADER.exec(line);
    if (ethHeader) {
      ethtool = { device: ethHeader[1] ?? commandDevice };
      current = null;
      filter = null;
      if (ethtool.device === null && !unnamedNoted) {
        ctx.meta('device', 'not printed (ethtool -S output without its command line): counters have an empty scope');
        unnamedNoted = true;
      }
      continue;
    }
    if (ethtool) {
      const value = ETHTOOL_VALUE.exec(line);
      if (value) {
        yield counter(n, ethtool.device ?? '', value[1], Number(value[2]));
        continue;
      }
    }
    if (current) {
      const scope = current.fact.scope;
      const hw = SENT_HW.exec(line);
      if (hw) {
        yield counter(n, scope, 'sent_hw_bytes', Number(hw[1]));
        yield counter(n, scope, 'sent_hw_packets', Number(hw[2]));
        continue;
      }
      const sent = SENT.exec(line);
      if (sent) {
        yield counter(n, scope, 'sent_bytes', Number(sent[1]));
        yield counter(n, scope, 'sent_packets', Number(sent[2]));
        if (sent[3] !== undefined) {
          yield counter(n, scope, 'dropped', Number(sent[3]));
          yield counter(n, scope, 'overlimits', Number(sent[4]));
          yield counter(n, scope, 'requeues', Number(sent[5]));
          current.requeuesSeen = true;
        }
        continue;
      }
      const backlog = BACKLOG.exec(line);
      if (backlog) {
        yield counter(n, scope, 'backlog_bytes', Math.round(Number(backlog[1]) * SIZE_SCALE[backlog[2]]));
        yield counter(n, scope, 'backlog_packets', Number(backlog[3]));
        if (backlog[4] !== undefined && !current.requeuesSeen) yield counter(n, scope, 'requeues', Number(backlog[4]));
        continue;
      }
      if (/^rate \S+ \S+pps/.test(line) || line === 'Action statistics:') continue;
      if (current.fact.object === 'filter-action') continue;
      const pairs = xstatPairs(line);
      if (pairs.length > 0) {
        for (const [name, value] of pairs) yield counter(n, scope, name, value);
        continue;
      }
      warnings.warn('stats-line', n, `statistics line not read: "${clip(line)}"`);
      continue;
    }
    // Filter keys (`match 0a090008/ffffffff at 12`, flower's `eth_type ipv4`, `not_in_hw`) describe the filter.
    if (filter) continue;
    if (chatter.test(text)) continue;
    warnings.unreadable(n, text);
  }
  warnings.finish();
}

/** Scores tc object headers and their `Sent … bytes … pkt` lines, and `ethtool -S` blocks. */
export function probeTcStats(input: ProbeInput): number {
  const lines = probeLines(input);
  let hits = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (/^(?:qdisc \S+ [0-9a-f]+: |class \S+ [0-9a-f]+:[0-9a-f]* |filter (?:dev \S+ )?parent [0-9a-f]+:)/.test(line)) hits++;
    else if (/^Sent \d+ bytes \d+ pkts? \(dropped \d+, overlimits \d+ requeues \d+\)/.test(line)) hits++;
    else if (ETHTOOL_HEADER.test(line)) hits += 3;
  }
  return scoreHits(hits, lines);
}

/** tc -s qdisc / class / filter and ethtool -S: queueing and NIC counters. */
export const tcStatsFormat: ArtifactFormat<TcRecord> = {
  id: 'tc-stats',
  label: 'Traffic control and NIC counters (tc -s, ethtool -S)',
  kind: 'text',
  probe: probeTcStats,
  parse: parseTcStats,
};
