import type { DropOwner } from '../model/verdict';
import { kernelVersion } from '../kernel/drop-reasons';

// The exact commands that would settle what the artifacts leave open, for the customer's box.

export const collect = {
  dropTrace: 'perf record -e skb:kfree_skb -a -g -- sleep 30 && perf script --header > perf-script-kfree_skb.txt',
  nftRuleset: 'nft -a list ruleset > nft-ruleset.txt',
  iptablesSave: 'iptables-save -c > iptables-save.txt',
  iptablesLegacy: 'iptables-legacy-save -c > iptables-legacy-save.txt',
  iptablesNft: 'iptables-nft-save -c > iptables-nft-save.txt',
  capture: 'tcpdump -i any -nn -s 256 -w capture.pcap host <peer>',
  nftHooks: 'nft list hooks > nft-hooks.txt   (nftables ≥ 1.0.1, kernel with NETFILTER_NETLINK_HOOK)',
  kallsyms: "grep -E '\\[[a-z0-9_]+\\]$' /proc/kallsyms > kallsyms-modules.txt; lsmod > lsmod.txt",
};

const hookIndex: Record<string, number> = { PRE_ROUTING: 0, LOCAL_IN: 1, FORWARD: 2, LOCAL_OUT: 3, POST_ROUTING: 4 };

/** The crash commands that list the hook entries of a family and hook on this kernel era (kernel-notes §3). */
export function crashHookListing(family: string, hook: string, release: string | null): string {
  const pf = family === 'ip6' ? 10 : 2;
  const h = hookIndex[hook] ?? 1;
  const v = kernelVersion(release);
  const old = `crash> p &nf_hooks[${pf}][${h}]   then   crash> list -H <that address> -s nf_hook_ops.hook,owner,pf,hooknum,priority`;
  const field = family === 'ip6' ? 'hooks_ipv6' : 'hooks_ipv4';
  const current = `crash> p init_net.nf.${field}[${h}]   then   crash> struct nf_hook_entries <that address>   (and sym on each hooks[i].hook)`;
  // Global nf_hooks[pf][hook] lists until 4.x; per-netns nf_hook_entries arrays from 4.16 (kernel-notes §3).
  if (!v) return `on kernels before 4.16: ${old};   from 4.16: ${current}`;
  return v[0] * 100 + v[1] < 416 ? old : current;
}

/** What to collect next for a finding, from what is known and what is not. */
export function missingFor(owner: DropOwner, hook: string | null, family: string | null, haveDropTrace: boolean, haveNft: boolean, haveIptables: boolean, legacyHidden: boolean, release: string | null, confirmedModule: boolean): string[] {
  const out: string[] = [];
  if (!haveDropTrace) out.push(collect.dropTrace);
  if (legacyHidden) out.push(collect.iptablesLegacy);
  if (owner.kind === 'nftables' && !owner.chain) out.push(collect.nftRuleset);
  if (owner.kind === 'iptables' && !owner.rule) out.push(haveIptables ? collect.iptablesLegacy : collect.iptablesSave);
  if (owner.kind === null || (owner.kind === 'module' && !confirmedModule)) {
    if (!haveIptables) out.push(collect.iptablesSave);
    if (!haveNft) out.push(collect.nftRuleset);
    out.push(collect.nftHooks);
    if (hook) out.push(crashHookListing(family ?? 'ip', hook, release));
  }
  if (owner.kind === 'module' && !confirmedModule && owner.hookFunction) {
    out.push(`perf probe ${owner.module ? `-m ${owner.module} ` : ''}'${owner.hookFunction}%return $retval' && perf record -e probe:${owner.hookFunction}__return -e skb:kfree_skb -a -- sleep 30 && perf script --header`);
  }
  return [...new Set(out)];
}

/**
 * The per-packet rule trace that would settle which rule dropped the flow, scoped to its addresses, with the command
 * that removes it again: nftables (`meta nftrace set 1` + `nft monitor trace`) or iptables-legacy (`-j TRACE` in raw,
 * printed to the kernel log). Ref: formats-notes §13–14.
 */
export function traceCommands(src: string, dst: string, legacy: boolean): string[] {
  const v6 = src.includes(':');
  const ip = v6 ? 'ip6' : 'ip';
  const out = [
    `nft add table inet hookline_trace && nft add chain inet hookline_trace pre '{ type filter hook prerouting priority -350; }' && nft add chain inet hookline_trace out '{ type filter hook output priority -350; }' && nft add rule inet hookline_trace pre ${ip} saddr ${src} ${ip} daddr ${dst} meta nftrace set 1 && nft add rule inet hookline_trace out ${ip} saddr ${dst} ${ip} daddr ${src} meta nftrace set 1; timeout 30 nft monitor trace > nft-trace.txt; nft delete table inet hookline_trace`,
  ];
  if (legacy) {
    const cmd = v6 ? 'ip6tables-legacy' : 'iptables-legacy';
    out.push(`${cmd} -t raw -I PREROUTING -s ${src} -d ${dst} -j TRACE && ${cmd} -t raw -I OUTPUT -s ${dst} -d ${src} -j TRACE; sleep 30; ${cmd} -t raw -D PREROUTING -s ${src} -d ${dst} -j TRACE; ${cmd} -t raw -D OUTPUT -s ${dst} -d ${src} -j TRACE; dmesg > dmesg-trace.txt`);
  }
  return out;
}
