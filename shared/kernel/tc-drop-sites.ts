// Where traffic control and XDP drop packets, as data: the drop reasons they set and the functions that free the
// skb, so the engine can tell a tc / XDP / qdisc drop from a netfilter or stack drop.
// Ref: include/net/dropreason-core.h @v6.18 (TC_INGRESS, TC_EGRESS: "dropped in TC ingress/egress hook",
// QDISC_DROP, QDISC_OVERLIMIT, XDP: "dropped by XDP in input path"); net/core/dev.c tc_run / sch_handle_ingress /
// sch_handle_egress (tcf_set_drop_reason(skb, SKB_DROP_REASON_TC_INGRESS) on TC_ACT_SHOT, 6.8+), net/core/dev.c
// __netif_receive_skb_core (frees what the ingress hook shot), do_xdp_generic; net/sched/sch_generic.c qdisc_drop.

/** Where in the data path a tc-ish drop happened. */
export type TcDirection = 'ingress' | 'egress' | 'xdp';

/** Drop reasons tc, qdiscs and XDP set, and the direction each means. */
export const tcDropReasons: Record<string, TcDirection> = {
  TC_INGRESS: 'ingress',
  TC_EGRESS: 'egress',
  QDISC_DROP: 'egress',
  QDISC_OVERLIMIT: 'egress',
  QDISC_CONGESTED: 'egress',
  XDP: 'xdp',
};

/**
 * Functions that free a packet only on a tc / qdisc / generic-XDP verdict (kernels without drop reasons, or a tracer
 * that printed none). __netif_receive_skb_core is not among them: it frees for many other reasons too.
 */
export const tcDropFunctions: Record<string, TcDirection> = {
  sch_handle_ingress: 'ingress',
  tcx_run: 'ingress',
  sch_handle_egress: 'egress',
  qdisc_drop: 'egress',
  __qdisc_drop: 'egress',
  qdisc_drop_all: 'egress',
  dev_qdisc_enqueue: 'egress',
  __dev_xmit_skb: 'egress',
  do_xdp_generic: 'xdp',
  bpf_prog_run_generic_xdp: 'xdp',
  netif_receive_generic_xdp: 'xdp',
};

/**
 * Functions that free a packet on a tc verdict AND for other causes (an unknown protocol, a device not ready…): a drop
 * there without a decoded reason points at tc only when a tc counter of that direction grew while the flow failed.
 */
export const tcAmbiguousFunctions: Record<string, TcDirection> = {
  __netif_receive_skb_core: 'ingress',
  __dev_queue_xmit: 'egress',
};

/** A function name without the compiler's clone suffix (`__netif_receive_skb_core.constprop.0`). */
export function baseFunction(fn: string): string {
  return fn.replace(/(\.(constprop|isra|part|cold|llvm)\.\d+)+$/, '').replace(/\.cold$/, '');
}

/** Qdiscs that only run filters (clsact / ingress): their `dropped` counts what a filter or program shot. */
export const filterOnlyQdiscs = new Set(['clsact', 'ingress']);

/** Which direction a drop reason or freeing function means, or null when it is not a tc / qdisc / XDP drop. */
export function tcDirectionOf(reason: string | null, fn: string | null): TcDirection | null {
  if (reason && tcDropReasons[reason]) return tcDropReasons[reason];
  if (reason && reason !== 'NOT_SPECIFIED') return null;
  return fn ? tcDropFunctions[baseFunction(fn)] ?? null : null;
}
