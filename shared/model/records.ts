import type { Packet } from './packet';
import type { PacketTableRecord } from './packet-table';
import type { KernelEvent } from './kernel-event';
import type { IptablesRuleset, NftRuleset } from './ruleset';
import type { HookEntry, ModuleFact, SymbolFact } from './hook-entry';
import type { LogLine, CounterFact } from './log-line';
import type { ClockAnchor } from './clock-anchor';
import type { ManifestEntry } from './manifest-entry';
import type { RuleTrace } from './rule-trace';
import type { ConntrackEntry, ConntrackEvent, ConntrackStats } from './conntrack';
import type { QdiscFact } from './qdisc';
import type { BpfAttachFact, BpfProgFact } from './bpf-prog';

/** Every record a format can yield. The engine dispatches on `kind`. */
export type HooklineRecord =
  | Packet
  | PacketTableRecord
  | KernelEvent
  | IptablesRuleset
  | NftRuleset
  | HookEntry
  | SymbolFact
  | ModuleFact
  | LogLine
  | CounterFact
  | RuleTrace
  | ConntrackEntry
  | ConntrackEvent
  | ConntrackStats
  | QdiscFact
  | BpfProgFact
  | BpfAttachFact
  | ClockAnchor
  | ManifestEntry;

export type RecordKind = HooklineRecord['kind'];
