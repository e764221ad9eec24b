// skb drop reasons: one-line meanings, and number → name tables per kernel era (numbers are NEVER portable).
// Ref: ../shared/spec/kernel-notes.md §5 (include/net/dropreason-core.h @T6.18 comments; enum order per tree).

export const dropReasonMeaning: Record<string, string> = {
  NOT_SPECIFIED: 'no reason given by the freeing code',
  NO_SOCKET: 'no socket (or request/child sock) for the packet: nothing listening, or a reply to nobody',
  PKT_TOO_SMALL: 'packet shorter than its headers',
  TCP_CSUM: 'TCP checksum error',
  SOCKET_FILTER: 'dropped by a socket filter',
  UDP_CSUM: 'UDP checksum error',
  NETFILTER_DROP: 'dropped by netfilter (a rule, a chain policy or a hook function returned NF_DROP)',
  OTHERHOST: 'not for this host (promiscuous reception)',
  IP_CSUM: 'IP checksum error',
  IP_INHDR: 'bad IP header',
  IP_RPFILTER: 'reverse-path filter (rp_filter) rejected the source',
  UNICAST_IN_L2_MULTICAST: 'unicast IP in an L2 multicast/broadcast frame',
  XFRM_POLICY: 'IPsec policy check failed',
  IP_NOPROTO: 'no handler for the IP protocol',
  SOCKET_RCVBUFF: 'socket receive buffer full',
  PROTO_MEM: 'protocol memory limit reached',
  SOCKET_BACKLOG: 'socket backlog full',
  TCP_FLAGS: 'invalid TCP flags',
  TCP_ZEROWINDOW: 'TCP zero window',
  TCP_OLD_DATA: 'TCP data already received',
  TCP_OVERWINDOW: 'TCP data beyond the window',
  TCP_RESET: 'invalid TCP RST',
  TCP_INVALID_SYN: 'unexpected TCP SYN',
  TCP_CLOSE: 'TCP socket closed',
  IP_OUTNOROUTES: 'no route for the outgoing packet',
  BPF_CGROUP_EGRESS: 'dropped by a cgroup BPF egress program',
  IPV6DISABLED: 'IPv6 disabled on the device',
  NEIGH_CREATEFAIL: 'could not create a neighbour entry',
  NEIGH_FAILED: 'neighbour (ARP/ND) resolution failed',
  NEIGH_QUEUEFULL: 'neighbour queue (arp_queue) full',
  NEIGH_DEAD: 'neighbour entry dead',
  TC_EGRESS: 'dropped by tc egress',
  QDISC_DROP: 'qdisc enqueue dropped the packet',
  CPU_BACKLOG: 'per-CPU backlog full (netdev_max_backlog) or RPS flow limit',
  XDP: 'dropped by XDP',
  TC_INGRESS: 'dropped by tc ingress',
  UNHANDLED_PROTO: 'protocol not handled',
  DEV_READY: 'device not up or not ready',
  FULL_RING: 'device ring full',
  NOMEM: 'out of memory',
  HDR_TRUNC: 'header truncated',
  IP_INADDRERRORS: 'bad destination address',
  IP_INNOROUTES: 'no route for the incoming packet',
  PKT_TOO_BIG: 'packet too big',
  QUEUE_PURGE: 'queue purged',
  SECURITY_HOOK: 'dropped by a security (LSM) hook',
  TCP_LISTEN_OVERFLOW: 'listen queue overflow',
  QDISC_OVERLIMIT: 'qdisc over its limit',
};

// Enum order per era, from the first entry. Ref: kernel-notes §5 ("NOT_SPECIFIED = 0 (5.15.y, 5.17), 1 (5.19–6.1),
// 2 (6.2+); NETFILTER_DROP = 6 (5.15.y), 7 (5.19–6.1), 8 (6.2–6.13), 12 (6.14, 6.18)").
const era5_15 = ['NOT_SPECIFIED', 'NO_SOCKET', 'PKT_TOO_SMALL', 'TCP_CSUM', 'SOCKET_FILTER', 'UDP_CSUM', 'NETFILTER_DROP', 'OTHERHOST', 'IP_CSUM', 'IP_INHDR', 'IP_RPFILTER', 'UNICAST_IN_L2_MULTICAST'];
const era5_19 = ['SKB_NOT_DROPPED_YET', 'NOT_SPECIFIED', 'NO_SOCKET', 'PKT_TOO_SMALL', 'TCP_CSUM', 'SOCKET_FILTER', 'UDP_CSUM', 'NETFILTER_DROP', 'OTHERHOST', 'IP_CSUM', 'IP_INHDR', 'IP_RPFILTER', 'UNICAST_IN_L2_MULTICAST'];
const era6_2 = ['SKB_NOT_DROPPED_YET', 'SKB_CONSUMED', 'NOT_SPECIFIED', 'NO_SOCKET', 'PKT_TOO_SMALL', 'TCP_CSUM', 'SOCKET_FILTER', 'UDP_CSUM', 'NETFILTER_DROP', 'OTHERHOST', 'IP_CSUM', 'IP_INHDR', 'IP_RPFILTER', 'UNICAST_IN_L2_MULTICAST'];
const era6_14 = ['SKB_NOT_DROPPED_YET', 'SKB_CONSUMED', 'NOT_SPECIFIED', 'NO_SOCKET', 'SOCKET_CLOSE', 'SOCKET_FILTER', 'SOCKET_RCVBUFF', 'UNIX_DISCONNECT', 'UNIX_SKIP_OOB', 'PKT_TOO_SMALL', 'TCP_CSUM', 'UDP_CSUM', 'NETFILTER_DROP', 'OTHERHOST', 'IP_CSUM', 'IP_INHDR', 'IP_RPFILTER', 'UNICAST_IN_L2_MULTICAST'];

/** Parses `6.18.44-fc`, `3.10.0-1160.el7.x86_64` into [major, minor], or null. */
export function kernelVersion(release: string | null | undefined): [number, number] | null {
  const m = /^(\d+)\.(\d+)/.exec(release ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** An enum order, named by the first release it holds for. */
export type ReasonEra = '5.15' | '5.19' | '6.2' | '6.14';
const eras: Record<ReasonEra, string[]> = { '5.15': era5_15, '5.19': era5_19, '6.2': era6_2, '6.14': era6_14 };

export function eraOfRelease(release: string | null): ReasonEra | null {
  const v = kernelVersion(release);
  if (!v) return null;
  const n = v[0] * 100 + v[1];
  return n >= 614 ? '6.14' : n >= 602 ? '6.2' : n >= 519 ? '5.19' : n >= 515 && n < 517 ? '5.15' : null;
}

/**
 * Without a kernel release, the numbers themselves can name the era: a drop freed in nf_hook_slow or nft_do_chain
 * carries NETFILTER_DROP (kernel-notes §0 R1/R2), and only one era's table has NETFILTER_DROP at that number.
 */
export function eraFromNetfilterCode(code: number): ReasonEra | null {
  const fits = (Object.keys(eras) as ReasonEra[]).filter((e) => eras[e][code] === 'NETFILTER_DROP');
  return fits.length === 1 ? fits[0] : null;
}

/** Decodes a numeric drop reason for an era; null when there is no era or the number is past its table. */
export function reasonName(code: number, era: ReasonEra | null): string | null {
  return era ? eras[era][code] ?? null : null;
}
