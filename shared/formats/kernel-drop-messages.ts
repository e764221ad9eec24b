import type { LogPacketFields } from '../model/log-line';

// Kernel log messages that say a packet was dropped, and the name LogLine.drop gives each. Message texts are
// the printk format strings of the cited source (pr_fmt prefixes vary by version, so patterns avoid anchoring).
const DROP_MESSAGES: ReadonlyArray<{ drop: string; pattern: RegExp }> = [
  // nf_conntrack_core.c __nf_conntrack_alloc: `nf_conntrack: table full, dropping packet` (net_warn_ratelimited).
  // 2.6.32/EL6 ends it with a period; from 4.x (EL8 4.18) pr_fmt adds a second `nf_conntrack: `; pre-2.6.20 said
  // `ip_conntrack:`. Ref: /work/shared/spec/formats-notes.md §11, samples/dmesg/centos8-vs-centos6-….
  { drop: 'conntrack-table-full', pattern: /\b(?:nf|ip)_conntrack: table full, dropping packet/ },
  // net/ipv4/tcp_input.c tcp_syn_flood_action: `Possible SYN flooding on port %d. Dropping request.` when
  // syncookies are off (with `Sending cookies` nothing is dropped).
  { drop: 'syn-flood', pattern: /Possible SYN flooding on port .*Dropping request/ },
  // net/core/neighbour.c neigh_alloc: `neighbour: arp_cache: neighbor table overflow!` (2.6: `Neighbour table
  // overflow.`): the packet waiting for the neighbour is dropped.
  { drop: 'neighbour-table-overflow', pattern: /neighbou?r table overflow/i },
  // net/ipv4/route.c ip_handle_martian_source / ip_route_input_slow, printed with log_martians=1 for packets
  // the routing code drops: `IPv4: martian source %pI4 from %pI4, on dev %s`, `martian destination …`.
  { drop: 'martian-source', pattern: /\bmartian source\b/ },
  { drop: 'martian-destination', pattern: /\bmartian destination\b/ },
];

// ufw logs `[UFW BLOCK] ` from its ufw-logging-deny chain, right before its DROP / REJECT (ufw before.rules);
// `[UFW AUDIT]` and `[UFW ALLOW]` lines are not drops.
const UFW_BLOCK = /^\[UFW BLOCK\]/;

/** The drop a kernel log message reports ('conntrack-table-full', 'syn-flood', …, 'ufw-block'), or null. */
export function recogniseDrop(message: string, packet: LogPacketFields | null): string | null {
  if (packet) return UFW_BLOCK.test(packet.prefix) ? 'ufw-block' : null;
  for (const { drop, pattern } of DROP_MESSAGES) if (pattern.test(message)) return drop;
  return null;
}
