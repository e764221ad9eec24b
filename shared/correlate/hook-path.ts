import type { IptablesRuleset, IptTable, NftChain, NftTable } from '../model/ruleset';
import { hookChain, nftHookNames } from '../kernel/hooks';
import { inTreeHookFunctions, inTreeModules, iptablesNftTablePriority, iptablesTableChains, iptablesTablePriority, natPriority } from '../kernel/priorities';
import type { CaseIndex } from './case-index';
import { iptablesDumps } from './ruleset-dumps';
import { evaluateIptablesChain } from './iptables-eval';
import { evaluateNftChain } from './nft-eval';
import type { PacketView } from './packet-view';
import type { ChainOutcome } from './rule-outcome';

/** One function on a netfilter hook, in run order, with what it did to the packet when that can be read. */
export interface HookPathEntry {
  priority: number | null;
  kind: 'iptables' | 'nftables' | 'module' | 'kernel' | 'bpf';
  /** 'iptables filter INPUT', 'nft inet resguard net_hook_in_v4', 'net_hook_in_v4 [resguard_linux]'. */
  label: string;
  hookFunction: string | null;
  module: string | null;
  /** True for a hook function registered by out-of-tree code. */
  thirdParty: boolean;
  iptables: { artifact: string; ruleset: IptablesRuleset; table: IptTable; chain: string } | null;
  nft: { artifact: string; table: NftTable; chain: NftChain } | null;
  /** Where the entry is known from: a hook listing (crash, nft list hooks), a ruleset, or kernel defaults. */
  source: { artifact: string; line: number } | null;
  outcome: ChainOutcome | null;
}

function familyMatches(pathFamily: string, tableFamily: string): boolean {
  return tableFamily === pathFamily || (tableFamily === 'inet' && (pathFamily === 'ip' || pathFamily === 'ip6'));
}

/** The entries at `hook` for `family` ('ip' | 'ip6'), sorted by priority, each evaluated against `view` when given. */
export function buildHookPath(index: CaseIndex, family: string, hook: string, view: PacketView | null): HookPathEntry[] {
  const entries: HookPathEntry[] = [];
  const chainName = hookChain[hook];
  const rulesetFamily = family === 'ip6' ? 'ipv6' : 'ipv4';
  // iptables: the latest dump of each backend (an earlier one only serves counter deltas).
  const dumps = new Map(iptablesDumps(index).filter((d) => d.family === rulesetFamily).map((d) => [d.backend, d.latest] as const));
  for (const { artifact, ruleset } of dumps.values()) {
    for (const table of ruleset.tables) {
      if (!chainName || !(iptablesTableChains[table.name] ?? []).includes(chainName)) continue;
      if (!table.chains.some((c) => c.name === chainName)) continue;
      const nft = ruleset.backend === 'nft';
      const priority = table.name === 'nat' ? natPriority(hook) : (nft ? iptablesNftTablePriority : iptablesTablePriority)[table.name] ?? null;
      entries.push({
        priority, kind: 'iptables', label: `iptables${nft ? '-nft' : ''} ${table.name} ${chainName}`, hookFunction: nft ? 'nft_do_chain' : 'ipt_do_table', module: null,
        thirdParty: false, iptables: { artifact, ruleset, table, chain: chainName }, nft: null, source: { artifact, line: table.line }, outcome: null,
      });
    }
  }
  for (const { artifact, record } of index.nft) {
    for (const table of record.tables) {
      if (!familyMatches(family, table.family)) continue;
      for (const chain of table.chains) {
        if (!chain.hook || nftHookNames[chain.hook] !== hook) continue;
        // iptables-nft's own tables show up in `nft list ruleset` too; the iptables dump already covers them.
        if (dumps.has('nft') && ['filter', 'nat', 'mangle', 'raw', 'security'].includes(table.name) && /^[A-Z]+$/.test(chain.name)) continue;
        entries.push({
          priority: chain.priority, kind: 'nftables', label: `nft ${table.family} ${table.name} ${chain.name}`, hookFunction: `nft_do_chain_${table.family === 'ip' ? 'ipv4' : table.family === 'ip6' ? 'ipv6' : table.family}`,
          module: null, thirdParty: false, iptables: null, nft: { artifact, table, chain }, source: { artifact, line: chain.line }, outcome: null,
        });
      }
    }
  }
  // Hook listings name what no ruleset shows: modules, BPF programs, kernel hooks.
  for (const { artifact, record } of index.hooks) {
    if (record.hook !== hook) continue;
    if (!(record.family === family || (record.family === 'inet' && (family === 'ip' || family === 'ip6')))) continue;
    const fn = record.hookFunction;
    if (record.nftChain) {
      const known = entries.find((e) => e.nft && e.nft.table.name === record.nftChain!.table && e.nft.chain.name === record.nftChain!.chain);
      if (known) {
        known.source = { artifact, line: record.line };
        if (record.priority !== null) known.priority = record.priority;
        continue;
      }
      entries.push({ priority: record.priority, kind: 'nftables', label: `nft ${record.nftChain.family} ${record.nftChain.table} ${record.nftChain.chain}`, hookFunction: fn, module: null, thirdParty: false, iptables: null, nft: null, source: { artifact, line: record.line }, outcome: null });
      continue;
    }
    if (fn && /^(ipt_do_table|ip6t_do_table|iptable_\w+_hook|ip6table_\w+_hook)$/.test(fn)) {
      const known = entries.find((e) => e.kind === 'iptables' && e.priority === record.priority);
      if (known) {
        known.source = { artifact, line: record.line };
        continue;
      }
    }
    const thirdParty = (fn !== null && !inTreeHookFunctions.has(fn)) || (record.module !== null && !inTreeModules.has(record.module));
    const isBpf = !!fn && /^bpf_|bpf_prog/.test(fn);
    entries.push({
      priority: record.priority, kind: isBpf ? 'bpf' : thirdParty ? 'module' : 'kernel', label: `${fn ?? record.address ?? '?'}${record.module ? ` [${record.module}]` : ''}`,
      hookFunction: fn, module: record.module, thirdParty, iptables: null, nft: null, source: { artifact, line: record.line }, outcome: null,
    });
  }
  entries.sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
  if (view) for (const e of entries) e.outcome = evaluateEntry(e, view);
  return entries;
}

function evaluateEntry(entry: HookPathEntry, view: PacketView): ChainOutcome | null {
  if (entry.iptables) return evaluateIptablesChain(entry.iptables.table, entry.iptables.chain, view);
  if (entry.nft) return evaluateNftChain(entry.nft.table, entry.nft.chain, view);
  return null;
}
