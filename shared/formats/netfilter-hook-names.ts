// Netfilter hook and family names as the tools print them, mapped to the HookEntry vocabulary.
// Ref: /work/shared/spec/kernel-notes.md §1 (uapi/linux/netfilter.h, netfilter_arp.h, netfilter_bridge.h;
// nftables src/rule.c hooknum2str / family2str).

import { nftHookNames } from '../kernel/hooks';

/** `prerouting` → PRE_ROUTING … `egress` → EGRESS (nft words, every family); unknown words are upper-cased. */
export function hookFromNftName(name: string): string {
  return nftHookNames[name.toLowerCase()] ?? name.toUpperCase();
}

/** NFPROTO_* value → nft family word (2 ip, 10 ip6, 1 inet, 3 arp, 7 bridge, 5 netdev), null when unknown. */
export function familyFromNfproto(pf: number): string | null {
  const names: Record<number, string> = { 1: 'inet', 2: 'ip', 3: 'arp', 5: 'netdev', 7: 'bridge', 10: 'ip6' };
  return names[pf] ?? null;
}

/**
 * Hook number → hook name for a family. ip/ip6/inet/bridge count PRE_ROUTING 0 … POST_ROUTING 4 (inet INGRESS 5);
 * ARP counts NF_ARP_IN 0, NF_ARP_OUT 1, NF_ARP_FORWARD 2; netdev INGRESS 0, EGRESS 1. Null when out of range.
 */
export function hookFromNumber(family: string, hooknum: number): string | null {
  const inet = ['PRE_ROUTING', 'LOCAL_IN', 'FORWARD', 'LOCAL_OUT', 'POST_ROUTING', 'INGRESS'];
  const byFamily: Record<string, string[]> = {
    ip: inet,
    ip6: inet,
    inet,
    // NF_BR_BROUTING (5) is ebtables' pseudo-hook, not INGRESS.
    bridge: ['PRE_ROUTING', 'LOCAL_IN', 'FORWARD', 'LOCAL_OUT', 'POST_ROUTING', 'BROUTING'],
    arp: ['LOCAL_IN', 'LOCAL_OUT', 'FORWARD'],
    netdev: ['INGRESS', 'EGRESS'],
  };
  return byFamily[family]?.[hooknum] ?? null;
}
