import type { IngestedArtifact } from '../engine/ingest';
import type { HookEntry, ModuleFact, SymbolFact } from '../model/hook-entry';
import type { KernelEvent } from '../model/kernel-event';
import type { CounterFact, LogLine } from '../model/log-line';
import type { PacketTable } from '../model/packet-table';
import type { IptablesRuleset, NftRuleset } from '../model/ruleset';
import type { RuleTrace } from '../model/rule-trace';
import type { ClockAnchor } from '../model/clock-anchor';
import type { KernelStateRecord } from './kernel-state-records';

/** A record together with the artifact it came from. */
export interface From<T> {
  artifact: string;
  record: T;
}

/** Everything the correlator works on, sorted by kind, each record tagged with its artifact name. */
export interface CaseIndex {
  /** Each capture's packets as columns (one table per capture file). */
  captures: Map<string, PacketTable>;
  events: Map<string, KernelEvent[]>;
  logs: Map<string, LogLine[]>;
  iptables: From<IptablesRuleset>[];
  nft: From<NftRuleset>[];
  hooks: From<HookEntry>[];
  symbols: From<SymbolFact>[];
  modules: From<ModuleFact>[];
  counters: From<CounterFact>[];
  /** Per-packet rule traces (nft monitor trace, iptables TRACE, xtables-monitor). */
  traces: From<RuleTrace>[];
  /** Wall/boot clock pairs read back to back on the kernel host (the collector's clock-anchors.txt). */
  anchors: From<ClockAnchor>[];
  /** Kernel state: conntrack entries / events / stats, tc objects, BPF programs and attachments (issue 10). */
  state: From<KernelStateRecord>[];
  /** Header facts per artifact (perf `captured on`, crash RELEASE…). */
  meta: Map<string, Record<string, string>>;
  /** Format id per artifact. */
  formats: Map<string, string>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexCase(artifacts: IngestedArtifact[]): CaseIndex {
  const index: CaseIndex = {
    captures: new Map(), events: new Map(), logs: new Map(), iptables: [], nft: [], hooks: [], symbols: [], modules: [], counters: [], traces: [], anchors: [], state: [],
    meta: new Map(), formats: new Map(),
  };
  for (const a of artifacts) {
    const name = a.summary.name;
    index.formats.set(name, a.summary.format);
    index.meta.set(name, a.summary.meta ?? {});
    // This artifact's event list, looked up once (a trace is a million events).
    let events: KernelEvent[] | null = null;
    for (const r of a.records) {
      switch (r.kind) {
        case 'packet-table': index.captures.set(name, r.table); break;
        case 'kernel-event':
          if (events === null) {
            push(index.events, name, r);
            events = index.events.get(name) ?? null;
          } else events.push(r);
          break;
        case 'log-line': push(index.logs, name, r); break;
        case 'iptables-ruleset': index.iptables.push({ artifact: name, record: r }); break;
        case 'nft-ruleset': index.nft.push({ artifact: name, record: r }); break;
        case 'hook-entry': index.hooks.push({ artifact: name, record: r }); break;
        case 'symbol': index.symbols.push({ artifact: name, record: r }); break;
        case 'module': index.modules.push({ artifact: name, record: r }); break;
        case 'counter': index.counters.push({ artifact: name, record: r }); break;
        case 'rule-trace': index.traces.push({ artifact: name, record: r }); break;
        case 'clock-anchor': index.anchors.push({ artifact: name, record: r }); break;
        case 'conntrack-entry': case 'conntrack-event': case 'conntrack-stats': case 'qdisc': case 'bpf-prog': case 'bpf-attach':
          index.state.push({ artifact: name, record: r });
          break;
      }
    }
  }
  return index;
}

/** The kernel release any artifact states (perf header `os release`, crash RELEASE, uname), or null. */
export function kernelRelease(index: CaseIndex): string | null {
  for (const meta of index.meta.values()) {
    const r = meta.osRelease ?? meta.RELEASE ?? meta.release ?? meta.kernelRelease;
    if (r) return r;
  }
  return null;
}
