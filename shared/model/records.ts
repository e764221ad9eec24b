import type { Packet } from './packet';
import type { KernelEvent } from './kernel-event';
import type { IptablesRuleset, NftRuleset } from './ruleset';
import type { HookEntry, ModuleFact, SymbolFact } from './hook-entry';
import type { LogLine, CounterFact } from './log-line';

/** Every record a format can yield. The engine dispatches on `kind`. */
export type HooklineRecord =
  | Packet
  | KernelEvent
  | IptablesRuleset
  | NftRuleset
  | HookEntry
  | SymbolFact
  | ModuleFact
  | LogLine
  | CounterFact;

export type RecordKind = HooklineRecord['kind'];
