// Netfilter hooks: names, nft names, the order a packet meets them, and which caller frame means which hook.
// Ref: ../shared/spec/kernel-notes.md §1 (uapi/linux/netfilter.h) and §3 (callers of NF_HOOK, T3.10…T6.18).

export type HookName = 'PRE_ROUTING' | 'LOCAL_IN' | 'FORWARD' | 'LOCAL_OUT' | 'POST_ROUTING' | 'INGRESS' | 'EGRESS';

/** nft hook keyword → hook name. */
export const nftHookNames: Record<string, HookName> = {
  prerouting: 'PRE_ROUTING',
  input: 'LOCAL_IN',
  forward: 'FORWARD',
  output: 'LOCAL_OUT',
  postrouting: 'POST_ROUTING',
  ingress: 'INGRESS',
  egress: 'EGRESS',
};

/** iptables built-in chain → hook. */
export const iptablesChainHooks: Record<string, HookName> = {
  PREROUTING: 'PRE_ROUTING',
  INPUT: 'LOCAL_IN',
  FORWARD: 'FORWARD',
  OUTPUT: 'LOCAL_OUT',
  POSTROUTING: 'POST_ROUTING',
};

export const hookChain: Record<string, string> = {
  PRE_ROUTING: 'PREROUTING',
  LOCAL_IN: 'INPUT',
  FORWARD: 'FORWARD',
  LOCAL_OUT: 'OUTPUT',
  POST_ROUTING: 'POSTROUTING',
};

/** Caller frame (the function holding NF_HOOK, found directly below nf_hook_slow) → hook and L3 family. */
export interface FrameHook {
  hook: HookName;
  family: 'ip' | 'ip6' | 'arp' | 'bridge' | 'netdev';
}

const v4 = (hook: HookName): FrameHook => ({ hook, family: 'ip' });
const v6 = (hook: HookName): FrameHook => ({ hook, family: 'ip6' });
const br = (hook: HookName): FrameHook => ({ hook, family: 'bridge' });

// Ref: kernel-notes §3. RHEL7 names (`ip_local_out_sk`, `__ip_local_out_sk`) included.
export const callerFrameHooks: Record<string, FrameHook> = {
  ip_rcv: v4('PRE_ROUTING'),
  ip_sublist_rcv: v4('PRE_ROUTING'),
  ip_list_rcv: v4('PRE_ROUTING'),
  ip_local_deliver: v4('LOCAL_IN'),
  ip_forward: v4('FORWARD'),
  __ip_local_out: v4('LOCAL_OUT'),
  __ip_local_out_sk: v4('LOCAL_OUT'),
  ip_local_out: v4('LOCAL_OUT'),
  ip_local_out_sk: v4('LOCAL_OUT'),
  raw_send_hdrinc: v4('LOCAL_OUT'),
  ip_output: v4('POST_ROUTING'),
  ip_mc_output: v4('POST_ROUTING'),
  ip_finish_output: v4('POST_ROUTING'),
  ipmr_queue_xmit: v4('FORWARD'),
  ipmr_queue_fwd_xmit: v4('FORWARD'),
  xfrm4_transport_finish: v4('PRE_ROUTING'),
  xfrm4_output: v4('POST_ROUTING'),
  ipv6_rcv: v6('PRE_ROUTING'),
  ip6_sublist_rcv: v6('PRE_ROUTING'),
  ip6_input: v6('LOCAL_IN'),
  ip6_forward: v6('FORWARD'),
  __ip6_local_out: v6('LOCAL_OUT'),
  ip6_local_out: v6('LOCAL_OUT'),
  ip6_xmit: v6('LOCAL_OUT'),
  mld_sendpack: v6('LOCAL_OUT'),
  igmp6_send: v6('LOCAL_OUT'),
  ndisc_send_skb: v6('LOCAL_OUT'),
  rawv6_send_hdrinc: v6('LOCAL_OUT'),
  ip6_output: v6('POST_ROUTING'),
  ip6_finish_output2: v6('POST_ROUTING'),
  ip6mr_forward2: v6('FORWARD'),
  // ARP has its own hooks (NF_ARP_IN 0, NF_ARP_OUT 1), named input/output like inet's in nft.
  arp_rcv: { hook: 'LOCAL_IN', family: 'arp' },
  arp_xmit: { hook: 'LOCAL_OUT', family: 'arp' },
  br_handle_frame: br('PRE_ROUTING'),
  nf_hook_bridge_pre: br('PRE_ROUTING'),
  br_pass_frame_up: br('LOCAL_IN'),
  __br_forward: br('FORWARD'),
  br_forward_finish: br('POST_ROUTING'),
  __netif_receive_skb_core: { hook: 'INGRESS', family: 'netdev' },
  __dev_queue_xmit: { hook: 'EGRESS', family: 'netdev' },
};

/** The functions that run the hook list; the frame below the nearest of them (leaf side) is the NF_HOOK caller. */
export const hookRunnerFrames = new Set(['nf_hook_slow', 'nf_hook_slow_list', 'nf_iterate', 'nf_hook_bridge_pre']);

/** Frames that are part of the drop machinery itself, skipped when looking for the function that dropped. */
export const freeFrames = new Set(['kfree_skb', 'kfree_skb_reason', 'sk_skb_reason_drop', '__kfree_skb', 'kfree_skb_list', 'kfree_skb_list_reason', 'consume_skb', '__fix_address', 'kretprobe_trampoline']);

/** nft base-chain hook functions → nft family. Ref: kernel-notes §2c (nft_chain_filter.c). */
export const nftChainFunctions: Record<string, string> = {
  nft_do_chain_ipv4: 'ip',
  nft_do_chain_ipv6: 'ip6',
  nft_do_chain_inet: 'inet',
  nft_do_chain_inet_ingress: 'inet',
  nft_do_chain_arp: 'arp',
  nft_do_chain_bridge: 'bridge',
  nft_do_chain_netdev: 'netdev',
  nft_nat_do_chain: 'nat',
  nf_route_table_hook4: 'ip',
  nf_route_table_hook6: 'ip6',
  nf_route_table_inet: 'inet',
  nft_ipv4_output: 'ip',
};

/** The hooks a packet meets, in order, by path. */
export const pathHooks: Record<'in' | 'out' | 'forward', string[]> = {
  in: ['PRE_ROUTING', 'LOCAL_IN'],
  out: ['LOCAL_OUT', 'POST_ROUTING'],
  forward: ['PRE_ROUTING', 'FORWARD', 'POST_ROUTING'],
};
