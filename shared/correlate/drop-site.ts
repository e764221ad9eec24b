import type { Frame, KernelEvent } from '../model/kernel-event';
import { callerFrameHooks, freeFrames, hookRunnerFrames, nftChainFunctions, type HookName } from '../kernel/hooks';
import type { SymbolResolver } from './symbol-resolver';

/** Where and how a drop happened, read from the free location and the callchain (kernel-notes §0 R1–R9, §3). */
export interface DropSite {
  /** The function that freed the skb (kfree_skb's caller), e.g. `nft_do_chain`, `nf_hook_slow`, `tcp_v4_rcv`. */
  function: string | null;
  /** `function+0xoff` as the artifacts show it. */
  location: string | null;
  hook: HookName | null;
  /** L3 family of the hook list: ip | ip6 | arp | bridge | netdev. */
  family: string | null;
  /**
   * 'nft' — nft_do_chain freed it (nftables ≥ 6.7 drop, R2); 'hook-slow' — a hook returned NF_DROP and nf_hook_slow
   * freed it (R1); 'hook-function' — a hook function freed it itself (the function is on the stack above
   * nf_hook_slow); 'non-netfilter' — the stack or the location is outside netfilter; 'unknown'.
   */
  via: 'nft' | 'hook-slow' | 'hook-function' | 'non-netfilter' | 'unknown';
  /** nft family from the `nft_do_chain_<family>` frame. */
  nftFamily: string | null;
  /** For 'hook-function': the function that freed the packet and its module. */
  hookFunction: string | null;
  module: string | null;
  /** The frames used, resolved, leaf first (what the timeline shows). */
  frames: Frame[];
}

function resolveFrame(f: Frame, resolver: SymbolResolver): Frame {
  if (f.symbol || !f.address) return f;
  const r = resolver.resolve(f.address);
  return r ? { ...f, symbol: r.symbol, offset: r.offset, module: r.module } : f;
}

export function frameText(f: Frame | null): string | null {
  if (!f) return null;
  if (!f.symbol) return f.address;
  return f.offset !== null ? `${f.symbol}+0x${f.offset.toString(16)}` : f.symbol;
}

/** Hook functions that call the okfn themselves instead of returning a verdict (kernel-notes §0 R9). */
const okfnCallers = new Set(['ip_sabotage_in', 'br_nf_pre_routing', 'br_nf_pre_routing_ipv6', 'br_nf_forward_ip', 'br_nf_forward_arp', 'br_nf_forward', 'br_nf_post_routing', 'br_nf_local_in']);

/** Reads the drop site of a kfree_skb-like event; `borrowedStack` is a callchain of the same location from another tool. */
export function dropSiteOf(event: KernelEvent, resolver: SymbolResolver, borrowedStack: Frame[] | null): DropSite {
  const location = event.location ? resolveFrame(event.location, resolver) : null;
  let frames = (event.stack.length ? event.stack : borrowedStack ?? []).map((f) => resolveFrame(f, resolver));
  // Drop the free API's own frames (kfree_skb, sk_skb_reason_drop…): location is their caller (R7).
  while (frames.length && frames[0].symbol && freeFrames.has(frames[0].symbol)) frames = frames.slice(1);
  const fn = location?.symbol ?? frames[0]?.symbol ?? null;
  const site: DropSite = {
    function: fn, location: frameText(location) ?? frameText(frames[0] ?? null), hook: null, family: null, via: 'unknown',
    nftFamily: null, hookFunction: null, module: null, frames,
  };
  const names = frames.map((f) => f.symbol ?? '');
  const runnerAt = names.findIndex((n) => hookRunnerFrames.has(n));
  if (runnerAt >= 0) {
    // The caller of nf_hook_slow names the hook (R1, §3); with nested bridge hooks the runner nearest the leaf wins (R9).
    for (let i = runnerAt + 1; i < names.length; i++) {
      const fh = callerFrameHooks[names[i]];
      if (fh) {
        site.hook = fh.hook;
        site.family = fh.family;
        break;
      }
    }
    for (const n of names.slice(0, runnerAt)) if (nftChainFunctions[n]) site.nftFamily = nftChainFunctions[n];
  } else if (fn && callerFrameHooks[fn] && (fn === 'nf_hook_bridge_pre' || fn === 'br_handle_frame')) {
    site.hook = callerFrameHooks[fn].hook;
    site.family = 'bridge';
  }
  // The frame right above the runner is the hook function that was running; if it is one that passes the packet
  // on by calling okfn itself (br_netfilter's ip_sabotage_in, R9), whatever freed the skb above it is the normal
  // stack after netfilter let it through, not a netfilter decision.
  const hookFn = runnerAt > 0 ? names[runnerAt - 1] : null;
  const passesOn = hookFn !== null && okfnCallers.has(hookFn) && fn !== hookFn;
  if (fn === 'nft_do_chain') site.via = 'nft';
  else if (fn && hookRunnerFrames.has(fn)) site.via = 'hook-slow';
  else if (runnerAt > 0 && fn && hookFn && !passesOn) {
    // The hook function freed the skb itself, or a helper it called did: the registered function is the owner.
    site.via = 'hook-function';
    site.hookFunction = hookFn;
    const hookFrame = frames[runnerAt - 1];
    site.module = hookFrame?.module ?? (fn === hookFn ? location?.module : null) ?? resolver.moduleOf(hookFn);
  } else if (fn) {
    site.via = frames.length || !/^nf_|^nft_|^ipt_/.test(fn) ? 'non-netfilter' : 'unknown';
    if (passesOn) {
      site.hook = null;
      site.family = null;
    }
  }
  return site;
}
