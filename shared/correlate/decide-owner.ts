import type { KernelEvent } from '../model/kernel-event';
import type { IptRule, NftRule } from '../model/ruleset';
import type { DropOwner, Finding } from '../model/verdict';
import { kernelVersion } from '../kernel/drop-reasons';
import type { DropSite } from './drop-site';
import type { HookPathEntry } from './hook-path';

/** Who dropped the packet at a hook, how sure we are, and what would settle the rest. */
export interface OwnerDecision {
  owner: DropOwner;
  confidence: Finding['confidence'];
  /** The deciding entry of the hook path, when one was found. */
  entry: HookPathEntry | null;
  /** Language-free code of the story (`nft-drop`, `iptables-drop`, `module-drop`, `iptables-accepted-but-dropped`…). */
  code: string;
  /** Entries that accepted the packet before the owner dropped it (iptables ACCEPT while the packet died). */
  acceptedBy: HookPathEntry[];
  /** Why not sure: undecidable matches, missing listings. */
  doubts: string[];
  /** The rule that dropped, when a rule did (the decided one, or the one suspected behind an undecidable match). */
  rule?: IptRule | NftRule | null;
}

const emptyOwner = (): DropOwner => ({ kind: null, backend: null, table: null, chain: null, rule: null, module: null, hookFunction: null, priority: null });

function ruleText(rule: IptRule | NftRule | null, entry: HookPathEntry): string | null {
  if (!rule) return entry.outcome?.byPolicy ? `policy ${entry.outcome.verdict}` : null;
  return rule.text;
}

export function ownerOf(entry: HookPathEntry): DropOwner {
  const o = entry.outcome;
  if (entry.iptables) {
    return {
      kind: 'iptables', backend: entry.iptables.ruleset.backend ?? 'legacy', table: entry.iptables.table.name, chain: o?.chain ?? entry.iptables.chain,
      rule: o ? ruleText(o.rule, entry) : null, module: null, hookFunction: null, priority: entry.priority,
    };
  }
  if (entry.kind === 'nftables' && entry.nft && isIptablesNftTable(entry.nft.table.family, entry.nft.table.name, entry.nft.chain.name)) {
    // iptables-nft's own table seen only through `nft list ruleset`: the rule is an iptables rule (nf_tables backend).
    return { kind: 'iptables', backend: 'nft', table: entry.nft.table.name, chain: o?.chain ?? entry.nft.chain.name, rule: o ? ruleText(o.rule, entry) : null, module: null, hookFunction: null, priority: entry.priority };
  }
  if (entry.kind === 'nftables') {
    const table = entry.nft ? `${entry.nft.table.family} ${entry.nft.table.name}` : entry.label.split(' ').slice(1, 3).join(' ');
    return { kind: 'nftables', backend: null, table, chain: o?.chain ?? entry.nft?.chain.name ?? entry.label.split(' ')[3] ?? null, rule: o ? ruleText(o.rule, entry) : null, module: null, hookFunction: null, priority: entry.priority };
  }
  return { kind: entry.kind, backend: null, table: null, chain: null, rule: null, module: entry.module, hookFunction: entry.hookFunction, priority: entry.priority };
}

/**
 * iptables-nft creates tables named after the x_tables ones (filter, nat, mangle, raw, security) in families ip/ip6
 * with base chains named after the built-in chains (INPUT, OUTPUT…): that signature names the backend.
 * Ref: kernel-notes §2c (iptables/nft.c xtables_ipv4).
 */
export function isIptablesNftTable(family: string, table: string, chain: string): boolean {
  return (family === 'ip' || family === 'ip6') && /^(filter|nat|mangle|raw|security)$/.test(table) && /^(INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING)$/.test(chain);
}

const drops = (e: HookPathEntry) => e.outcome?.verdict === 'DROP' || e.outcome?.verdict === 'REJECT';

/**
 * Decides the owner from the hook path (evaluated against the packet), the drop site and per-skb probe returns.
 * Order of trust: a probe that saw the hook function return NF_DROP for this skb; the drop site's mechanism (nft
 * frees in nft_do_chain ≥ 6.7; everything else in nf_hook_slow) narrowing the candidates; a rule that decidably
 * drops; a third-party hook after everything accepted.
 */
export function decideOwner(path: HookPathEntry[], site: DropSite | null, probeReturns: KernelEvent[], release: string | null, resolveModule: (fn: string) => string | null): OwnerDecision {
  const doubts: string[] = [];
  const accepted = (upTo: HookPathEntry | null) => path.filter((e) => e !== upTo && e.kind === 'iptables' && e.outcome?.verdict === 'ACCEPT' && (upTo === null || (e.priority ?? 0) <= (upTo.priority ?? 0)));

  // 1. A hook function seen returning NF_DROP (0) for this skb by a perf probe / kretprobe.
  const dropper = probeReturns.find((e) => e.retval === 0 && e.location?.symbol && !/^(nf_iterate|nf_hook_slow)$/.test(e.location.symbol));
  if (dropper) {
    const fn = dropper.location!.symbol!;
    const entry = path.find((e) => e.hookFunction === fn) ?? null;
    const module = entry?.module ?? dropper.location?.module ?? resolveModule(fn);
    const owner: DropOwner = { ...emptyOwner(), kind: entry?.kind === 'kernel' ? 'kernel' : 'module', module, hookFunction: fn, priority: entry?.priority ?? null };
    if (!entry) doubts.push(`${fn} is not in any hook listing given; its priority is unknown`);
    return { owner, confidence: 'confirmed', entry, code: accepted(entry).length ? 'iptables-accepted-but-dropped' : 'module-drop', acceptedBy: accepted(entry), doubts };
  }

  // 2. Narrow the candidates by how the skb was freed.
  const v = kernelVersion(release);
  const nftFreesItself = v === null ? null : v[0] * 100 + v[1] >= 607;
  let candidates = path;
  if (site?.via === 'nft') {
    candidates = path.filter((e) => e.kind === 'nftables' || (e.kind === 'iptables' && e.iptables?.ruleset.backend === 'nft'));
    if (site.nftFamily) candidates = candidates.filter((e) => !e.nft || e.nft.table.family === site.nftFamily || site.nftFamily === 'nat');
  } else if (site?.via === 'hook-slow') {
    candidates = path.filter((e) => !(e.kind === 'nftables' || (e.kind === 'iptables' && e.iptables?.ruleset.backend === 'nft')) || nftFreesItself === false || nftFreesItself === null);
  } else if (site?.via === 'hook-function' && site.hookFunction) {
    const entry = path.find((e) => e.hookFunction === site.hookFunction) ?? null;
    const module = site.module ?? entry?.module ?? resolveModule(site.hookFunction);
    return {
      owner: { ...emptyOwner(), kind: module ? 'module' : 'kernel', module, hookFunction: site.hookFunction, priority: entry?.priority ?? null },
      confidence: 'confirmed', entry, code: accepted(entry).length ? 'iptables-accepted-but-dropped' : 'module-drop', acceptedBy: accepted(entry), doubts,
    };
  }

  // 3. The first candidate that decidably drops.
  const decided = candidates.find(drops);
  if (decided) {
    // A DROP/REJECT rule that might have matched earlier (an undecidable match) and whose counter moved, while the
    // decided rule's did not, is the likelier dropper: counters are evidence, a catch-all rule reached by assuming
    // "no match" is not.
    const decidedRule = decided.outcome?.rule ?? null;
    const decidedCount = decidedRule?.counters?.packets ?? null;
    const earlier = [...candidates.slice(0, candidates.indexOf(decided)), decided].flatMap((e) => (e.outcome?.doubts ?? []).filter((d) => /^(DROP|REJECT|drop|reject)$/.test(d.action) && (d.rule?.counters?.packets ?? 0) > 0).map((d) => ({ e, d })));
    if (decidedCount === 0 && earlier.length === 1) {
      const { e, d } = earlier[0];
      const why = typeof d.matched === 'object' ? d.matched.unknown : 'a match';
      doubts.push(`the rule's ${why} cannot be read from the artifacts; its counter moved while the rule reached by assuming no match (${decidedRule && 'text' in decidedRule ? decidedRule.text : 'the policy'}) counted nothing`);
      return { owner: { ...ownerOf(e), chain: d.chain, rule: d.rule!.text }, confidence: 'inferred', entry: e, code: e.kind === 'iptables' ? 'iptables-drop' : 'nft-drop', acceptedBy: accepted(e), doubts, rule: d.rule };
    }
    const owner = ownerOf(decided);
    for (const d of decided.outcome?.doubts ?? []) doubts.push(`${d.chain}: "${d.rule && 'text' in d.rule ? d.rule.text : d.action}" might match first (${typeof d.matched === 'object' ? d.matched.unknown : ''})`);
    const earlierDoubt = candidates.slice(0, candidates.indexOf(decided)).flatMap((e) => e.outcome?.doubts ?? []);
    for (const d of earlierDoubt) doubts.push(`${d.chain}: a rule with ${typeof d.matched === 'object' ? d.matched.unknown : 'an unknown match'} might decide first`);
    const confidence: Finding['confidence'] = site && site.via !== 'unknown' && site.via !== 'non-netfilter' ? 'corroborated' : 'inferred';
    const acceptedBy = accepted(decided);
    const code = acceptedBy.length && decided.kind !== 'iptables' ? 'iptables-accepted-but-dropped' : decided.kind === 'iptables' ? 'iptables-drop' : 'nft-drop';
    return { owner, confidence, entry: decided, code, acceptedBy, doubts, rule: decided.outcome?.rule ?? null };
  }

  // 4. Nothing decidably drops it. A DROP/REJECT rule whose match the artifacts cannot decide (conntrack state of a
  //    stray segment, an ipset, a mark) is the suspect when it is the only one, or the only one whose counter moved.
  const opaque = candidates.filter((e) => !e.outcome && (e.thirdParty || e.kind === 'bpf'));
  const acceptedBy = accepted(null);
  const doubtful = candidates.flatMap((e) => (e.outcome?.doubts ?? []).filter((d) => /^(DROP|REJECT|drop|reject)$/.test(d.action) && d.rule).map((d) => ({ e, d })));
  const counted = doubtful.filter((x) => (x.d.rule?.counters?.packets ?? 0) > 0);
  // With a drop traced at this hook, the only candidate will do; without one, only a counter that moved.
  const pick = site && site.via !== 'non-netfilter' ? (counted.length === 1 ? counted[0] : doubtful.length === 1 && opaque.length === 0 ? doubtful[0] : null) : !site && counted.length === 1 ? counted[0] : null;
  if (pick) {
    const base = ownerOf(pick.e);
    const why = typeof pick.d.matched === 'object' ? pick.d.matched.unknown : 'a match';
    doubts.push(`the rule's ${why} cannot be read from the artifacts; it is the only DROP/REJECT rule at this hook that could have matched${counted.length === 1 ? ' and its counter moved' : ''}`);
    return {
      owner: { ...base, chain: pick.d.chain, rule: pick.d.rule!.text }, confidence: 'inferred', entry: pick.e,
      code: accepted(pick.e).length && pick.e.kind !== 'iptables' ? 'iptables-accepted-but-dropped' : pick.e.kind === 'iptables' ? 'iptables-drop' : 'nft-drop', acceptedBy: accepted(pick.e), doubts,
      rule: pick.d.rule,
    };
  }
  if (opaque.length === 1 || (opaque.length > 1 && site)) {
    const suspect = opaque[opaque.length === 1 ? 0 : opaque.length - 1];
    if (opaque.length > 1) doubts.push(`several third-party hooks sit on this hook: ${opaque.map((e) => e.label).join(', ')}`);
    return {
      owner: { ...emptyOwner(), kind: suspect.kind === 'bpf' ? 'bpf' : 'module', module: suspect.module, hookFunction: suspect.hookFunction, priority: suspect.priority },
      confidence: 'inferred', entry: suspect, code: acceptedBy.length ? 'iptables-accepted-but-dropped' : 'module-drop', acceptedBy, doubts,
    };
  }
  const withDoubts = candidates.filter((e) => (e.outcome?.doubts.length ?? 0) > 0);
  const owner = emptyOwner();
  if (site?.via === 'nft') owner.kind = 'nftables';
  if (withDoubts.length === 1 && site) {
    const e = withDoubts[0];
    const o = ownerOf(e);
    owner.kind = o.kind;
    owner.backend = o.backend;
    owner.table = o.table;
    doubts.push(`${e.label}: ${e.outcome!.doubts.length} rule(s) could not be decided from the artifacts`);
  }
  return { owner, confidence: 'inferred', entry: null, code: acceptedBy.length ? 'iptables-accepted-but-dropped' : 'owner-unknown', acceptedBy, doubts };
}
