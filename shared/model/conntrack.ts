import type { RawTime } from './kernel-event';

/** One direction of a tracked connection as conntrack prints it: `src= dst= sport= dport= [packets= bytes=]`. */
export interface ConntrackTuple {
  src: string | null;
  dst: string | null;
  /** Ports for tcp / udp / udplite / sctp / dccp; null otherwise. */
  sport: number | null;
  dport: number | null;
  /** ICMP / ICMPv6 `type= code= id=`. */
  icmpType: number | null;
  icmpCode: number | null;
  icmpId: number | null;
  /** With `net.netfilter.nf_conntrack_acct=1`. */
  packets: number | null;
  bytes: number | null;
  /** Other tuple keys as printed (`srckey`/`dstkey` for GRE, `vtag` for SCTP, `zone-orig`). */
  extra: Record<string, string>;
}

/**
 * The part shared by a table entry (`conntrack -L`, `/proc/net/nf_conntrack`) and an event (`conntrack -E`).
 * Ref: libnetfilter_conntrack src/conntrack/snprintf_default.c; net/netfilter/nf_conntrack_standalone.c ct_seq_show.
 */
export interface ConntrackFlow {
  /** `ipv4` / `ipv6` when printed (`-o extended`, /proc), else read from the address; null when unknown. */
  l3: string | null;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `sctp`, `unknown`… as printed. */
  l4: string;
  l4num: number | null;
  /** Seconds left before the entry expires; null when not printed (an offloaded entry in /proc). */
  timeout: number | null;
  /** TCP / SCTP / DCCP state (`SYN_SENT`, `ESTABLISHED`, `TIME_WAIT`…); null for stateless protocols. */
  state: string | null;
  original: ConntrackTuple;
  reply: ConntrackTuple | null;
  /** Status words in brackets: UNREPLIED, ASSURED, OFFLOAD, HW_OFFLOAD. */
  flags: string[];
  mark: number | null;
  zone: number | null;
  secctx: string | null;
  use: number | null;
  /** conntrack id (`-o id`). */
  id: number | null;
  /** Seconds since the entry was created (`delta-time=`, with `nf_conntrack_timestamp=1`). */
  deltaTime: number | null;
  /** Other keys as printed (`secmark`, `helper`, `labels`, `start`, `stop`…). */
  extra: Record<string, string>;
}

/** One connection in the conntrack table (`conntrack -L [-o extended]`, `cat /proc/net/nf_conntrack`). */
export interface ConntrackEntry extends ConntrackFlow {
  kind: 'conntrack-entry';
  line: number;
}

/** One `conntrack -E` event: `[NEW]` / `[UPDATE]` / `[DESTROY]`, with its `[sec.usec]` stamp under `-o timestamp`. */
export interface ConntrackEvent extends ConntrackFlow {
  kind: 'conntrack-event';
  line: number;
  event: 'NEW' | 'UPDATE' | 'DESTROY';
  /** Wall clock (UTC seconds) when printed with `-o timestamp`, else null. */
  time: RawTime | null;
}

/**
 * Conntrack statistics of one CPU: `conntrack -S` (`cpu=N found=… invalid=… insert_failed=… drop=… early_drop=…
 * search_restart=…`, names vary by kernel) or one row of `/proc/net/stat/nf_conntrack` (hex, named by its header).
 */
export interface ConntrackStats {
  kind: 'conntrack-stats';
  line: number;
  /** CPU number (`cpu=N`; for /proc/net/stat rows, the row's position among possible CPUs). */
  cpu: number | null;
  source: 'conntrack -S' | '/proc/net/stat/nf_conntrack';
  /** Every counter of the line, by its printed name. */
  counters: Record<string, number>;
}
