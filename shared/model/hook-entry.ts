/**
 * One function registered on a netfilter hook, from `nft list hooks`, a `crash` hook listing, or the kernel's
 * defaults. The hook path at a hook is the list of these in priority order.
 */
export interface HookEntry {
  kind: 'hook-entry';
  line: number;
  /** ip | ip6 | inet | arp | bridge | netdev (nft family names). */
  family: string;
  /** PRE_ROUTING | LOCAL_IN | FORWARD | LOCAL_OUT | POST_ROUTING | INGRESS | EGRESS */
  hook: string;
  priority: number | null;
  /** The registered hook function (`net_hook_in_v4`, `nft_do_chain_inet`, `ipt_do_table`). */
  hookFunction: string | null;
  /** Raw address when only an address was listed. */
  address: string | null;
  /** Owning module, null for built-in code. */
  module: string | null;
  /** For nf_tables base chains: `chain <family> <table> <chain>`. */
  nftChain: { family: string; table: string; chain: string } | null;
  device: string | null;
  /** Position in the listing (0-based): the real run order where the source prints it. */
  order: number;
  /** For an nf_tables flowtable hook (`nft list hooks`, nftables ≥1.1.4: `flowtable <family> <table> <name>`). */
  nftFlowtable?: { family: string; table: string; name: string } | null;
  /** For a BPF netfilter program (`nf_hook_run_bpf id 6`, nftables ≥1.0.8, Linux ≥6.4): the program id. */
  bpfId?: number | null;
}

/** A kernel symbol fact: `ffffffffa05f0330 (t) net_hook_in_v4 [resguard_linux]` (kallsyms, crash `sym`, System.map). */
export interface SymbolFact {
  kind: 'symbol';
  line: number;
  address: string;
  /** nm type letter (t, T, d…) where printed. */
  type: string | null;
  name: string;
  module: string | null;
  /** file:line when crash printed it. */
  source: string | null;
  /**
   * Bytes from the symbol's start to `address`: absent or 0 when `address` is the symbol itself (kallsyms, crash
   * `sym`); N for an address inside it (crash `dis` `<sym+N>`, `[exception RIP: sym+N]`); null when the address is
   * inside the symbol at an offset that was not printed (a crash `bt` return address).
   */
  offset?: number | null;
}

/** A loaded module (lsmod, /proc/modules, crash `mod`). */
export interface ModuleFact {
  kind: 'module';
  line: number;
  name: string;
  size: number | null;
  /** Base address where printed. */
  address: string | null;
  /** Taint flags (`(OE)`) where printed. */
  taint: string | null;
}
