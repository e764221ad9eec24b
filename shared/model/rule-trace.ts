import type { RawTime, Tuple } from './kernel-event';

/**
 * Which tracer printed a rule trace: `nft monitor trace` (`meta nftrace set 1`), the iptables-legacy TRACE target
 * through the kernel log (`TRACE: raw:PREROUTING:policy:3 IN=…`), or `xtables-monitor --trace` (iptables-nft).
 */
export type RuleTraceSource = 'nft-trace' | 'iptables-trace' | 'xtables-monitor';

/** The packet of a rule trace as the tracer printed it at one point (a chain entry, one TRACE line). */
export interface TracedPacket {
  /** 1-based line where this view was printed. */
  line: number;
  /** Protocol, addresses and ports (proto null when the tracer did not print it: xtables-monitor without TCP flags). */
  tuple: Tuple;
  iif: string | null;
  oif: string | null;
  /** IPv4 identification; null for IPv6 or when not printed. */
  ipId: number | null;
  /** IPv4 total length / IPv6 payload length + 40, as Packet.ipLen. */
  ipLen: number | null;
  /** TTL or hop limit. */
  ttl: number | null;
  /** TCP flags byte as Packet.tcpFlags (FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20 ECE 0x40 CWR 0x80). */
  tcpFlags: number | null;
  icmpType: number | null;
  icmpCode: number | null;
  /**
   * Every field as printed: nft words as `<proto> <field>` (`ip ttl` → `64`, `tcp flags` → `syn`, `iif` → `eth0`,
   * `@th,64,96` → `0xf120…`), LOG-style and xtables-monitor fields as KEY (`TTL` → `64`, `DF` → ``, `MARK` → `0x1`).
   */
  fields: Record<string, string>;
}

/**
 * What one trace line says happened: a rule matched (`rule`), the chain's policy applied (`policy`), or the end
 * of a chain was reached / RETURN taken (`return`; nft prints it as `verdict continue` / `verdict return`).
 */
export type RuleTraceStepKind = 'rule' | 'policy' | 'return';

/** One line of a packet's path through the rules. */
export interface RuleTraceStep {
  line: number;
  /** The kernel log stamp of a legacy TRACE line; null for nft / xtables-monitor (they print no time). */
  time: RawTime | null;
  /** nft family word: ip | ip6 | inet | arp | bridge | netdev (iptables: ip or ip6). */
  family: string;
  table: string;
  chain: string;
  /**
   * The netfilter hook when the line tells it: iptables built-in chains (and user chains entered from them);
   * null for nft, whose base chain names are free (the ruleset says which hook a chain is on).
   */
  hook: string | null;
  kind: RuleTraceStepKind;
  /** The rule as the tracer printed it (nft syntax, or `-4 -t filter -A INPUT …` from xtables-monitor); null when not printed. */
  ruleText: string | null;
  /** 1-based rule position printed by legacy TRACE (`filter:INPUT:rule:2`; for `policy:N`/`return:N`, one past the last rule tried). */
  ruleNumber: number | null;
  /** nft rule handle (`# handle 8`, xtables-monitor `rule:0x4`); null when not printed. */
  handle: number | null;
  /**
   * The verdict in nft words, lower case: accept | drop | continue | return | queue | stolen | break | `jump X` |
   * `goto X` (chain names keep their case). Null when the tracer does not print one (legacy TRACE).
   */
  verdict: string | null;
  /** True when `verdict` was not printed but read from the next line (legacy TRACE: a rule followed by a line in user chain X is `jump X`). */
  verdictInferred?: boolean;
  /** `meta mark` printed after a policy / return verdict (nft), as printed. */
  mark?: string;
}

/**
 * One traced packet: the packet as first printed and its ordered path through the rules, with the verdict that
 * decided it. The strongest evidence there is for "which rule dropped it" — per packet, per rule.
 */
export interface RuleTrace {
  kind: 'rule-trace';
  /** First and last line of the packet's trace lines (other packets' lines may sit in between). */
  line: number;
  endLine: number;
  source: RuleTraceSource;
  /** nft / xtables-monitor trace id (hex as printed); null for legacy TRACE (grouped by the packet's fields). Ids are reused. */
  traceId: string | null;
  /** Further trace ids the same packet was printed under at later hooks (seen with kernel 6.2), when any. */
  otherTraceIds?: string[];
  /** Time of the first line when printed (legacy TRACE in a kernel log), else null. */
  time: RawTime | null;
  /** The packet as first printed; null when no packet line was printed (nft prints it only with a rule match). */
  packet: TracedPacket | null;
  /** The packet as printed later when it had changed (NAT, TTL, OUT=): one entry per change, in order. */
  laterViews: TracedPacket[];
  steps: RuleTraceStep[];
  /**
   * The packet's fate as far as the trace shows: the verdict of the deciding step (`drop`, `accept`…), null when
   * the tracer prints no verdicts (legacy TRACE) or the trace has no step.
   */
  verdict: string | null;
  /**
   * Index in `steps` of the deciding step: the first drop / stolen, else the last step that ended a chain with a
   * verdict (accept, policy). For legacy TRACE, which prints no verdict, the last rule or policy line.
   */
  decidingStep: number | null;
}
