import type { RuleTraceStep, TracedPacket } from '../model/rule-trace';
import { familyFromNfproto } from './netfilter-hook-names';
import { iptablesChainHooks } from '../kernel/hooks';
import { tcpFlagsByte } from './iptables-trace-line';

// `xtables-monitor --trace` (iptables-nft): the nf_tables trace of rules added with `-j TRACE`, printed as
//   PACKET: <nfproto> <id> [IN=] [OUT=] [NFPROTO=] [MACSRC= MACDST= MACPROTO=] SRC= DST= LEN= TOS= TTL= ID=[CE ][DF ][MF ]
//           [FRAG:n ] [OPT (hex)] [SPORT= DPORT= [SYN ][ACK ][FIN ][RST ][PSH ][URG ]] [MARK=0x]
//    TRACE: <family> <id> <table>:<chain>:rule:0x<handle>:<ACCEPT|DROP|CONTINUE|JUMP:x|GOTO:x|RETURN|…>  -4 -t … -A …
//    TRACE: <family> <id> <table>:<chain>:policy:<ACCEPT|DROP>
//    TRACE: <family> <id> <table>:<chain>:return:[target]
// The IPv4 line prints `ID=%d` with no space before the flags (`ID=4884DF`, `ID=43007SPORT=80` before 1.8.8 added
// the spaces), ether_ntoa drops leading zeros (`MACSRC=2:42:ac:14:0:2`), and no IP protocol is printed.
// Ref: iptables iptables/xtables-monitor.c trace_print_packet / print_verdict / trace_cb; formats-notes §14.

const PACKET = /^PACKET: (\d{1,3}) ([0-9a-f]{1,8}) ?(.*)$/;
const TRACE = /^TRACE: (\d{1,3}) ([0-9a-f]{1,8}) ([^:\s]+):([^:\s]+):(rule|policy|return):(.*)$/;
const RULE = /^0x([0-9a-f]{1,16}):(\S+)(?:\s+(.*))?$/;
const TCP_FLAG_WORDS = new Set(['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR']);
const MARKERS = new Set(['CE', 'DF', 'MF']);

/** `76:ef:50:8e:3e:7` → `76:ef:50:8e:3e:07`: ether_ntoa prints each byte with %x. */
function fullMac(text: string): string {
  return /^[0-9a-f]{1,2}(?::[0-9a-f]{1,2}){5}$/i.test(text) ? text.split(':').map((b) => b.padStart(2, '0').toLowerCase()).join(':') : text;
}

function numberOf(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : null;
}

/** Lower-case nft words for an xtables-monitor verdict: `JUMP:SVC` → `jump SVC`, `DROP` → `drop`. */
export function xtablesVerdict(text: string): string {
  const m = /^(JUMP|GOTO):(.+)$/.exec(text);
  if (m) return `${m[1].toLowerCase()} ${m[2]}`;
  return /^[A-Z]+$/.test(text) ? text.toLowerCase() : text;
}

/** What one xtables-monitor trace line is: a packet view or a step, with the trace id it belongs to. */
export type XtablesTraceLine =
  | { type: 'packet'; id: string; family: string | null; view: TracedPacket }
  | { type: 'step'; id: string; step: RuleTraceStep };

/** Reads the fields of a `PACKET:` line (after the nfproto and id). */
export function xtablesPacket(text: string, line: number): TracedPacket {
  // Older versions glue the flags / ports to the IP id (`ID=4884DF`, `ID=43007SPORT=80`): split them again.
  const spaced = text.replace(/\bID=(\d+)(?=[A-Z])/g, 'ID=$1 ').replace(/\)(?=\S)/g, ') ');
  const fields: Record<string, string> = {};
  const flags: string[] = [];
  const tokens = spaced.split(/\s+/).filter((t) => t.length > 0);
  const unread: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === 'OPT' && tokens[i + 1]?.startsWith('(')) {
      fields.OPT = tokens[++i].replace(/[()]/g, '');
      continue;
    }
    const pair = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(token);
    if (pair) fields[pair[1]] = /^MAC(?:SRC|DST)$/.test(pair[1]) ? fullMac(pair[2]) : pair[2];
    else if (TCP_FLAG_WORDS.has(token)) flags.push(token);
    else if (MARKERS.has(token)) fields[token] = '';
    else if (token.startsWith('FRAG:')) fields.FRAG = token.slice(5);
    else unread.push(token);
  }
  if (flags.length) fields.FLAGS = flags.join(' ');
  // Words no version prints: kept whole so the reader can warn about them.
  if (unread.length) fields.UNREAD = unread.join(' ');
  return {
    line,
    tuple: {
      // No protocol is printed: TCP flags say TCP; ports alone could be UDP, SCTP, DCCP or UDP-Lite.
      proto: flags.length ? 'tcp' : null,
      src: fields.SRC ?? null,
      dst: fields.DST ?? null,
      sport: numberOf(fields.SPORT),
      dport: numberOf(fields.DPORT),
    },
    iif: fields.IN || null,
    oif: fields.OUT || null,
    ipId: numberOf(fields.ID),
    ipLen: numberOf(fields.LEN),
    ttl: numberOf(fields.TTL ?? fields.HOPLIMIT),
    tcpFlags: tcpFlagsByte(flags),
    icmpType: null,
    icmpCode: null,
    fields,
  };
}

/** Reads one xtables-monitor line (leading space already removed); null when it is not a trace line. */
export function readXtablesTrace(text: string, line: number): XtablesTraceLine | null {
  const packet = PACKET.exec(text);
  if (packet) return { type: 'packet', id: packet[2], family: familyFromNfproto(Number(packet[1])), view: xtablesPacket(packet[3], line) };
  const m = TRACE.exec(text);
  if (!m) return null;
  const [, pf, id, table, chain, kind, rest] = m;
  const step: RuleTraceStep = {
    line, time: null, family: familyFromNfproto(Number(pf)) ?? pf, table, chain, hook: iptablesChainHooks[chain] ?? null,
    kind: kind as RuleTraceStep['kind'], ruleText: null, ruleNumber: null, handle: null, verdict: null,
  };
  const body = rest.trim();
  if (kind === 'rule') {
    const rule = RULE.exec(body);
    if (!rule) return null;
    step.handle = parseInt(rule[1], 16);
    step.verdict = xtablesVerdict(rule[2]);
    step.ruleText = rule[3]?.trim() || null;
  } else if (kind === 'policy') {
    if (!/^\S+$/.test(body)) return null;
    step.verdict = xtablesVerdict(body);
  } else {
    // `:return:` ends a user chain (its caller continues); a printed target is kept as the verdict's chain.
    step.verdict = 'return';
    if (body) step.ruleText = body;
  }
  return { type: 'step', id, step };
}
