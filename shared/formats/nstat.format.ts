import type { ArtifactFormat, ArtifactSource, ParseContext, ProbeInput } from './format';
import type { CounterFact } from '../model/log-line';
import { readLines } from '../text/read-lines';
import { isElision, promptCommand, unquoteLine } from './paste-wrappers';
import { warningBudget, type WarningBudget } from './warning-budget';
import { netstatHistogramName, netstatSentenceName, type IcmpHistogram } from './netstat-statistics';

// Host-wide SNMP counters, in the shapes people paste them:
//   nstat -a / -az        `#kernel` then `IpInReceives                    15                 0.0` (name value rate)
//   /proc/net/snmp6       `Ip6InReceives                   	5` (name value)
//   /proc/net/snmp, /proc/net/netstat   pairs of lines `Ip: Forwarding DefaultTTL …` / `Ip: 2 64 …`
//   netstat -s            sections `Ip:` … with sentences `    15 total packets received`, `    Forwarding: 2`,
//                         and ICMP histograms `        echo requests: 1`
// Every counter becomes a CounterFact with scope '' named as nstat names it (section + MIB name); a netstat
// sentence net-tools' table does not know keeps its words: `Udp: packets received` (see netstat-statistics.ts).
// Values are doubles: counters above 2^53 lose their last digits.
// Ref: iproute2 misc/nstat.c; net-tools statistics.c; /work/shared/spec/formats-notes.md.

const PROBE_LINES = 200;
// The MIB groups of /proc/net/snmp, /proc/net/netstat, /proc/net/snmp6 and /proc/net/sctp/snmp.
const MIB = '(?:Ip|Icmp|IcmpMsg|Tcp|Udp|UdpLite|TcpExt|IpExt|MPTcpExt|TlsExt|Ip6|Icmp6|Udp6|UdpLite6|Sctp|Xfrm)';
const NSTAT_LINE = /^([A-Za-z][A-Za-z0-9_]*)\s+(-?\d+)(?:\s+(\d+(?:\.\d+)?))?$/;
const KNOWN_NSTAT_NAME = new RegExp(`^${MIB}[A-Z0-9]`);
const KNOWN_SECTION = new RegExp(`^${MIB}:$`);
const SECTION = /^([A-Za-z][A-Za-z0-9]*):$/;
const SNMP_HEADER = /^([A-Za-z][A-Za-z0-9]*): ([A-Za-z]\w*(?: +[A-Za-z]\w*)*)$/;
const SNMP_VALUES = /^([A-Za-z][A-Za-z0-9]*): (-?\d+(?: +-?\d+)*)$/;
const HISTOGRAM_TITLE = /^ICMP (input|output) histogram:$/;
const NAMED_VALUE = /^(.+?): (-?\d+)$/;
const SENTENCE_NUMBER = /(^|\s)(\d+)(?=\s|$)/;
// netstat sentences are plain words (`Quick ack mode was activated 152 times`, `5 packets to unknown port received.`).
const SENTENCE = /^[\w .,:;'()/+-]+$/;
const NETSTAT_ENTRY = /^\s+(?:\d+ \S|[A-Za-z][\w ]*: \d+$|[A-Z].*\b\d+\b)/;
// `# nstat -az`, `$ netstat -s`: typed commands the shared prompt check may not know.
const STATS_COMMAND = /^[$#%] +(?:sudo +)?(?:nstat|netstat|cat|grep)\b/;

/** Scores nstat output (0.9 with its `#kernel` header), netstat -s sections and /proc/net/snmp pairs. */
export function probeNstat(input: ProbeInput): number {
  if (input.text === null) return 0;
  let content = 0;
  let nstat = 0;
  let sections = 0;
  let entries = 0;
  let snmpPairs = 0;
  let header: string | null = null;
  for (const raw of input.text.split('\n', PROBE_LINES)) {
    const unquoted = unquoteLine(raw);
    const line = unquoted.trim();
    if (line === '' || isElision(line) || promptCommand(line) !== null || STATS_COMMAND.test(line)) continue;
    if (content === 0 && line === '#kernel') return 0.9;
    content++;
    const counter = NSTAT_LINE.exec(line);
    if (counter && KNOWN_NSTAT_NAME.test(counter[1])) nstat++;
    if (KNOWN_SECTION.test(line)) sections++;
    else if (NETSTAT_ENTRY.test(unquoted)) entries++;
    const snmpHeader = SNMP_HEADER.exec(line);
    if (snmpHeader) header = snmpHeader[1];
    else {
      const values = SNMP_VALUES.exec(line);
      if (values && values[1] === header && KNOWN_SECTION.test(`${header}:`)) snmpPairs++;
    }
  }
  if (content === 0) return 0;
  if (nstat >= 2 && nstat / content >= 0.6) return 0.85;
  if (sections >= 2 && entries >= 2 && (sections + entries) / content >= 0.6) return 0.85;
  if (snmpPairs >= 1 && (snmpPairs * 2) / content >= 0.6) return 0.8;
  if (sections === 1 && entries >= 2 && (sections + entries) / content >= 0.6) return 0.6;
  return 0;
}

/** The `netstat -s` section being read and, inside Icmp / Icmp6, which histogram. */
interface NetstatState {
  section: string | null;
  histogram: IcmpHistogram;
}

function counter(line: number, name: string, value: number): CounterFact {
  return { kind: 'counter', line, scope: '', name, value };
}

/** A counter from one line of a `netstat -s` section, or null (with a warning) when the line says none. */
function netstatCounter(state: NetstatState, text: string, line: number, budget: WarningBudget): CounterFact | null {
  const section = state.section ?? '';
  const named = NAMED_VALUE.exec(text);
  if (named) {
    const [, name, value] = named;
    // `Forwarding: 2`, `TCPTimeouts: 2`: counters net-tools has no sentence for, printed by their MIB name.
    if (/^\w+$/.test(name)) return counter(line, name.startsWith(section) ? name : `${section}${name}`, Number(value));
    const mib = netstatHistogramName(section, state.histogram, name);
    if (mib !== null) return counter(line, mib.startsWith(section) ? mib : `${section}${mib}`, Number(value));
    return counter(line, `${section}: ${name}`, Number(value));
  }
  const number = SENTENCE_NUMBER.exec(text);
  if (number === null || !SENTENCE.test(text)) {
    budget.warn('nstat/not-a-counter', `netstat -s line without a counter value: "${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`, line);
    return null;
  }
  const before = text.slice(0, number.index + number[1].length);
  const after = text.slice(number.index + number[0].length);
  const mib = netstatSentenceName(section, `${before}%llu${after}`);
  if (mib !== null) return counter(line, mib.startsWith(section) ? mib : `${section}${mib}`, Number(number[2]));
  // Not in net-tools' table: keep the sentence, the number left out (or shown as N inside it).
  const words = before.trim() === '' ? after.trim() : `${before}N${after}`.trim();
  return counter(line, `${section}: ${words}`, Number(number[2]));
}

/** Yields one CounterFact per counter of nstat, netstat -s or /proc/net/snmp output. */
export function* parseNstat(source: ArtifactSource, ctx: ParseContext): Generator<CounterFact> {
  const budget = warningBudget(ctx);
  const state: NetstatState = { section: null, histogram: null };
  let snmpHeader: { group: string; names: string[] } | null = null;
  for (const { n, text } of readLines(source)) {
    const line = unquoteLine(text).trim();
    // `#kernel` heads nstat output; other `#` lines are shell comments or prompts.
    if (line === '' || line.startsWith('#') || isElision(line) || promptCommand(line) !== null || STATS_COMMAND.test(line)) continue;
    const nstat = NSTAT_LINE.exec(line);
    if (nstat) {
      yield counter(n, nstat[1], Number(nstat[2]));
      continue;
    }
    const values = SNMP_VALUES.exec(line);
    if (values && snmpHeader && values[1] === snmpHeader.group) {
      const numbers = values[2].split(/ +/);
      if (numbers.length !== snmpHeader.names.length) {
        budget.warn('nstat/column-mismatch', `${numbers.length} values under ${snmpHeader.names.length} names for ${values[1]}`, n);
      }
      const count = Math.min(numbers.length, snmpHeader.names.length);
      for (let i = 0; i < count; i++) yield counter(n, `${snmpHeader.group}${snmpHeader.names[i]}`, Number(numbers[i]));
      snmpHeader = null;
      continue;
    }
    const header = SNMP_HEADER.exec(line);
    if (header) {
      snmpHeader = { group: header[1], names: header[2].split(/ +/) };
      continue;
    }
    const section = SECTION.exec(line);
    if (section) {
      state.section = section[1];
      state.histogram = null;
      continue;
    }
    const histogram = HISTOGRAM_TITLE.exec(line);
    if (histogram && state.section !== null) {
      state.histogram = histogram[1] as IcmpHistogram;
      continue;
    }
    if (state.section !== null) {
      const fact = netstatCounter(state, line, n, budget);
      if (fact) yield fact;
      continue;
    }
    budget.warn('nstat/not-a-counter', `not an nstat / netstat -s counter line: "${line.length > 80 ? `${line.slice(0, 80)}…` : line}"`, n);
  }
  budget.finish();
}

export const nstatFormat: ArtifactFormat<CounterFact> = {
  id: 'nstat',
  label: 'SNMP counters (nstat, netstat -s)',
  kind: 'text',
  probe: probeNstat,
  parse: parseNstat,
};
