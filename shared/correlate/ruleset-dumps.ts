import type { IptablesRuleset, IptRule } from '../model/ruleset';
import type { CaseIndex } from './case-index';

/** The dumps of one iptables family + backend: the latest (counters only grow) and an earlier one for deltas. */
export interface DumpPair {
  family: 'ipv4' | 'ipv6';
  backend: 'legacy' | 'nft';
  latest: { artifact: string; ruleset: IptablesRuleset };
  earlier: { artifact: string; ruleset: IptablesRuleset } | null;
}

function totalPackets(r: IptablesRuleset): number {
  let n = 0;
  for (const t of r.tables) for (const c of t.chains) {
    n += c.counters?.packets ?? 0;
    for (const rule of c.rules) n += rule.counters?.packets ?? 0;
  }
  return n;
}

export function iptablesDumps(index: CaseIndex): DumpPair[] {
  const groups = new Map<string, Array<{ artifact: string; ruleset: IptablesRuleset }>>();
  for (const { artifact, record } of index.iptables) {
    const key = `${record.family}|${record.backend ?? 'legacy'}`;
    groups.set(key, [...(groups.get(key) ?? []), { artifact, ruleset: record }]);
  }
  const pairs: DumpPair[] = [];
  for (const [key, list] of groups) {
    const sorted = [...list].sort((a, b) => totalPackets(a.ruleset) - totalPackets(b.ruleset));
    const [family, backend] = key.split('|') as ['ipv4' | 'ipv6', 'legacy' | 'nft'];
    pairs.push({ family, backend, latest: sorted[sorted.length - 1], earlier: sorted.length > 1 ? sorted[0] : null });
  }
  return pairs;
}

/** How many packets a rule counted between the two dumps, or its total when there is no earlier dump; null without counters. */
export function counterDelta(pair: DumpPair, table: string, rule: IptRule): { delta: number | null; total: number | null } {
  const total = rule.counters?.packets ?? null;
  if (!pair.earlier || total === null) return { delta: null, total };
  const before = pair.earlier.ruleset.tables.find((t) => t.name === table)?.chains.find((c) => c.name === rule.chain)?.rules.find((r) => r.text === rule.text && r.num === rule.num);
  const b = before?.counters?.packets ?? null;
  return { delta: b === null ? null : total - b, total };
}
