/** Packet and byte counters as an artifact printed them. */
export interface Counters {
  packets: number;
  bytes: number;
}

/** One `-m module` / protocol match of an iptables rule, with its options, in rule order. */
export interface IptMatch {
  /** Match name: 'tcp', 'state', 'conntrack', 'multiport', 'owner', 'set'…, or '' for the built-in ones below. */
  module: string;
  /** Options as given, e.g. { '--dport': '20202' }, negation recorded as `!--dport`. */
  options: Record<string, string>;
}

/** One iptables rule (`-A CHAIN …`), parsed. */
export interface IptRule {
  /** 1-based line in the artifact. */
  line: number;
  /** The rule text as the artifact shows it, without the `[p:b]` counter prefix. */
  text: string;
  chain: string;
  /** 1-based position of the rule in its chain (what TRACE and `--line-numbers` print). */
  num: number;
  counters: Counters | null;
  /** Built-in matches: -s -d -p -i -o -f with negation. Values as written ('10.0.2.8/32'); '!' prefix means negated. */
  source: string | null;
  destination: string | null;
  protocol: string | null;
  inInterface: string | null;
  outInterface: string | null;
  fragment: boolean | null;
  matches: IptMatch[];
  /** Target after -j (ACCEPT, DROP, REJECT, LOG, RETURN, a user chain…) or after -g (then goto is true). */
  target: string | null;
  goto: boolean;
  /** Target options (`--reject-with`, `--log-prefix` with quotes removed…). */
  targetOptions: Record<string, string>;
}

export interface IptChain {
  name: string;
  /** ACCEPT / DROP for built-in chains; null for user chains (`-`). */
  policy: string | null;
  counters: Counters | null;
  line: number;
  rules: IptRule[];
}

export interface IptTable {
  /** filter | raw | mangle | nat | security */
  name: string;
  line: number;
  chains: IptChain[];
}

/** One iptables-save (or iptables -L) dump: one family, one backend. */
export interface IptablesRuleset {
  kind: 'iptables-ruleset';
  family: 'ipv4' | 'ipv6';
  /** From the header: 'legacy' | 'nft' | null when the header does not say (≤1.6 is always legacy). */
  backend: 'legacy' | 'nft' | null;
  /** iptables version from the header, e.g. '1.8.9'. */
  version: string | null;
  /** `Generated … on <ctime>` as printed. */
  generatedAt: string | null;
  /** True when `# Warning: iptables-legacy tables present` was seen: rules exist that this dump does not show. */
  legacyTablesPresent: boolean;
  /** Line where this dump starts (a file may hold several). */
  line: number;
  tables: IptTable[];
}

/** One nftables rule. */
export interface NftRule {
  line: number;
  /** Rule text as printed (counter included, `# handle N` removed). */
  text: string;
  handle: number | null;
  counters: Counters | null;
  /** Final verdict statement: accept, drop, reject, queue, continue, return, jump, goto, or null (no verdict: falls through). */
  verdict: string | null;
  /** For jump / goto: the target chain. */
  target: string | null;
  comment: string | null;
}

export interface NftChain {
  name: string;
  line: number;
  /** Base chain properties; null for regular chains. */
  type: string | null;
  hook: string | null;
  /** Numeric priority (named priorities resolved: `filter + 10` → 10). */
  priority: number | null;
  /** Priority as written. */
  priorityText: string | null;
  device: string | null;
  policy: string | null;
  rules: NftRule[];
}

export interface NftSet {
  name: string;
  line: number;
  type: string | null;
  flags: string[];
  /** Elements as written ('10.0.2.8', '10.0.0.0/8', '1-5'). */
  elements: string[];
}

export interface NftTable {
  /** ip | ip6 | inet | arp | bridge | netdev */
  family: string;
  name: string;
  line: number;
  chains: NftChain[];
  sets: NftSet[];
}

export interface NftRuleset {
  kind: 'nft-ruleset';
  line: number;
  tables: NftTable[];
}
