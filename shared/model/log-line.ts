import type { RawTime } from './kernel-event';

/** Fields of a netfilter LOG target line (`PREFIX IN= OUT= MAC= SRC= DST= … PROTO= SPT= DPT= … SYN`). */
export interface LogPacketFields {
  prefix: string;
  in: string | null;
  out: string | null;
  mac: string | null;
  src: string | null;
  dst: string | null;
  len: number | null;
  ttl: number | null;
  id: number | null;
  proto: string | null;
  sport: number | null;
  dport: number | null;
  /** TCP flags present on the line (SYN, ACK, RST, FIN, PSH, URG, ECE, CWR). */
  flags: string[];
  icmpType: number | null;
  icmpCode: number | null;
  /** All KEY=VALUE pairs as printed. */
  fields: Record<string, string>;
}

/** One kernel log line (dmesg, kern.log, journal). LOG-target lines carry decoded packet fields. */
export interface LogLine {
  kind: 'log-line';
  line: number;
  time: RawTime | null;
  /**
   * The syslog / journal stamp of a line that also carries the kernel's since-boot stamp
   * (`Nov 24 19:01:36 host kernel: [ 5058.679046] …`): `time` is then the since-boot one and this the other,
   * 'time-of-day' for year-less syslog dates, 'wall' for ISO / journal dates. Absent otherwise.
   */
  syslogTime?: RawTime | null;
  /** The message without its time stamp / syslog prefix. */
  text: string;
  /** Host name from a syslog/journal prefix, when present. */
  host: string | null;
  /** Decoded LOG target fields, when the line is one. */
  packet: LogPacketFields | null;
  /** A recognised kernel drop message: 'conntrack-table-full' | … ; null otherwise. */
  drop: string | null;
}

/** A named counter (nstat, netstat -s, ip -s link, ethtool -S, tc -s). */
export interface CounterFact {
  kind: 'counter';
  line: number;
  /** Scope: interface name, qdisc handle, or '' for host-wide. */
  scope: string;
  name: string;
  value: number;
}
