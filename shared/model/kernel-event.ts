/** Which clock stamped a time: since boot (perf, dmesg `[ s.us]`), wall clock with a full date (UTC µs), or a
 * wall-clock time of day without a date (bpftrace `strftime("%H:%M:%S")`). */
export type ClockKind = 'boot' | 'wall' | 'time-of-day';

/** A time as the artifact printed it. `value` is seconds: since boot, since the epoch (UTC), or since midnight. */
export interface RawTime {
  clock: ClockKind;
  value: number;
}

/** One stack frame or location, as printed by perf, stap, crash, dropwatch, bpftrace… A parser may share one Frame between
 * events (a long trace repeats the same lines): never mutate a frame after its parser yielded it. */
export interface Frame {
  /** Absolute address when printed (hex string with 0x), else null. */
  address: string | null;
  /** Symbol name without offset, null when unresolved. */
  symbol: string | null;
  /** Offset into the symbol in bytes, null when not printed. */
  offset: number | null;
  /** Module name (`[resguard_linux]`, `(vmlinux)` → null for the kernel itself). */
  module: string | null;
}

/** 5-tuple-ish view of a packet as a kernel tool printed it (bpftrace, pwru, nettrace, LOG lines). */
export interface Tuple {
  /** 'tcp' | 'udp' | 'icmp' | 'icmpv6' | number as string when unknown. */
  proto: string | null;
  src: string | null;
  dst: string | null;
  sport: number | null;
  dport: number | null;
}

/**
 * One event from a kernel tracer: perf script, systemtap, bpftrace, dropwatch, pwru, nettrace.
 * The engine joins these through skb lives (address + time window).
 */
export interface KernelEvent {
  kind: 'kernel-event';
  /** 1-based line of the event's first line in the artifact. */
  line: number;
  /** Last line belonging to the event (stack frames included). */
  endLine: number;
  time: RawTime | null;
  /**
   * Normalised event type:
   *  'kfree_skb' (a drop: skb:kfree_skb, kfree_skb_reason, dropwatch/stap drop)
   *  'consume_skb' (a normal free) · 'probe' (perf probe / kprobe entry) · 'probe-return' · 'tracepoint' (others)
   *  'drop-summary' (dropwatch/stap "N drops at …" aggregate, see count)
   */
  type: 'kfree_skb' | 'consume_skb' | 'probe' | 'probe-return' | 'tracepoint' | 'drop-summary';
  /** Event name as printed (`skb:kfree_skb`, `probe:net_hook_in_v4__return`). */
  name: string;
  comm: string | null;
  pid: number | null;
  cpu: number | null;
  /** skb address, lower-case hex with 0x, when the event carries one. */
  skb: string | null;
  /** Ethertype as printed (2048 IPv4, 34525 IPv6). */
  protocol: number | null;
  /** Where the skb was freed (kfree_skb location) or the probed function (probe events). */
  location: Frame | null;
  /** Drop reason name without SKB_DROP_REASON_ (`NETFILTER_DROP`), when printed as a name. */
  reason: string | null;
  /** Drop reason as a number when only a number was printed (bpftrace); needs a per-kernel table. */
  reasonCode: number | null;
  /** For probe-return events: the caller the function returns to. */
  caller: Frame | null;
  /** For probe-return events: the returned value ($retval / arg1). */
  retval: number | null;
  /** Named arguments as printed (`skb=0x…`, `arg1=0x0`). */
  args: Record<string, string>;
  /** Callchain, leaf first, when the tool printed one. */
  stack: Frame[];
  /** Packet headers when the tool printed them. */
  tuple: Tuple | null;
  /** For 'drop-summary': how many drops the line stands for. */
  count: number | null;
}
