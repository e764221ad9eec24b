// Default hook priorities and the hook functions the kernel itself registers.
// Ref: ../shared/spec/kernel-notes.md §2a (uapi netfilter_ipv4.h, identical T3el7…T6.18) and §2c (who registers what).

/** iptables (x_tables, legacy) table priorities for IPv4/IPv6. */
export const iptablesTablePriority: Record<string, number> = {
  raw: -300,
  mangle: -150,
  nat: -100, // PRE/OUT; POST/IN use +100 (see natPriority)
  filter: 0,
  security: 50,
};

/** iptables-nft creates nft base chains; security sits at 150 there, not 50. Ref: kernel-notes §2c (IPT nft.c). */
export const iptablesNftTablePriority: Record<string, number> = { ...iptablesTablePriority, security: 150 };

/** Which built-in chains each iptables table has. */
export const iptablesTableChains: Record<string, string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export function natPriority(hook: string): number {
  return hook === 'PRE_ROUTING' || hook === 'LOCAL_OUT' ? -100 : 100;
}

/** nft named priorities. Ref: kernel-notes §2b (nftables src/rule.c std_prios). */
export const nftNamedPriorities: Record<string, number> = {
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
};
export const nftBridgeNamedPriorities: Record<string, number> = { dstnat: -300, filter: -200, out: 100, srcnat: 300 };

/**
 * Hook functions registered by in-tree code (any era). A hook function not in this list, or owned by a module that
 * is not in-tree, is a third-party hook — the usual suspect when every ruleset says ACCEPT.
 */
export const inTreeHookFunctions = new Set([
  'ip_sabotage_in', 'ipv4_conntrack_defrag', 'ipv6_defrag', 'iptable_raw_hook', 'ipt_do_table', 'ip6t_do_table',
  'selinux_ipv4_forward', 'selinux_ipv4_output', 'selinux_ip_forward', 'selinux_ip_output', 'selinux_ipv4_postroute',
  'selinux_ip_postroute', 'selinux_ipv6_forward', 'selinux_ipv6_output', 'selinux_ipv6_postroute',
  'ipv4_conntrack_in', 'ipv4_conntrack_local', 'ipv6_conntrack_in', 'ipv6_conntrack_local', 'iptable_mangle_hook',
  'ipt_mangle_out', 'iptable_filter_hook', 'iptable_security_hook', 'ip6table_filter_hook', 'ip6table_mangle_hook',
  'ip6table_raw_hook', 'ip6table_security_hook', 'ip_vs_reply4', 'ip_vs_remote_request4', 'ip_vs_local_reply4',
  'ip_vs_local_request4', 'ip_vs_forward_icmp', 'ip_vs_out_hook', 'ip_vs_in_hook', 'ipv4_helper', 'ipv6_helper',
  'ipv4_synproxy_hook', 'ipv6_synproxy_hook', 'ipv4_confirm', 'ipv6_confirm', 'nf_confirm', 'nf_nat_ipv4_in',
  'nf_nat_ipv4_out', 'nf_nat_ipv4_fn', 'nf_nat_ipv4_local_fn', 'nf_nat_ipv4_pre_routing', 'nf_nat_ipv4_local_in',
  'nf_nat_ipv6_in', 'nf_nat_ipv6_out', 'nf_nat_ipv6_fn', 'nf_nat_ipv6_local_fn', 'iptable_nat_ipv4_in',
  'iptable_nat_ipv4_local_fn', 'iptable_nat_ipv4_out', 'iptable_nat_ipv4_fn', 'nft_do_chain_ipv4', 'nft_do_chain_ipv6',
  'nft_do_chain_inet', 'nft_do_chain_inet_ingress', 'nft_do_chain_arp', 'nft_do_chain_bridge', 'nft_do_chain_netdev',
  'nf_route_table_hook', 'nf_route_table_hook4', 'nf_route_table_hook6', 'nf_route_table_inet', 'nft_ipv4_output',
  'arptable_filter_hook', 'arpt_do_table', 'ebt_in_hook', 'ebt_out_hook', 'ebt_nat_in', 'ebt_nat_out',
  'ebt_filter_hook', 'ebt_nat_hook', 'ebt_do_table', 'br_nf_pre_routing', 'br_nf_forward_ip', 'br_nf_forward_arp',
  'br_nf_forward', 'br_nf_local_in', 'br_nf_post_routing', 'nf_ct_bridge_pre', 'nf_ct_bridge_in', 'nf_ct_bridge_post',
  'bpf_nf_link_run', 'nf_hook_run_bpf',
]);

/** In-tree modules that register hooks (or are netfilter core); anything else owning a hook is third-party. */
export const inTreeModules = new Set([
  'br_netfilter', 'iptable_raw', 'iptable_mangle', 'iptable_filter', 'iptable_security', 'iptable_nat', 'ip_tables',
  'ip6table_raw', 'ip6table_mangle', 'ip6table_filter', 'ip6table_security', 'ip6table_nat', 'ip6_tables',
  'nf_defrag_ipv4', 'nf_defrag_ipv6', 'nf_conntrack', 'nf_conntrack_ipv4', 'nf_conntrack_ipv6', 'nf_nat', 'nf_nat_ipv4',
  'nf_nat_ipv6', 'nf_tables', 'nf_tables_inet', 'nf_tables_ipv4', 'nf_tables_ipv6', 'nft_chain_nat', 'nft_chain_route_ipv4',
  'ip_vs', 'nf_synproxy_core', 'arptable_filter', 'arp_tables', 'ebtable_filter', 'ebtable_nat', 'ebtable_broute',
  'ebtables', 'nf_conntrack_bridge', 'x_tables',
]);
