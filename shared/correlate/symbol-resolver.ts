import type { Frame } from '../model/kernel-event';
import type { CaseIndex } from './case-index';

/** Where a symbol fact came from, for evidence. */
export interface SymbolSource {
  artifact: string;
  line: number;
}

interface Known {
  name: string;
  module: string | null;
  /** Exact address of a frame (sym+off printed next to it) or a symbol start (kallsyms / crash sym). */
  start: bigint;
  exact: boolean;
  source: SymbolSource;
}

/**
 * Resolves raw kernel addresses (pre-6.2 `location=0x…`, stap / dropwatch hex) to symbol + module, from every artifact
 * that printed an address next to a name: kallsyms, crash `sym`/`dis`, stap and perf callchain frames.
 */
export interface SymbolResolver {
  resolve(address: string): { symbol: string; offset: number; module: string | null; source: SymbolSource } | null;
  moduleOf(symbol: string): string | null;
}

function toBig(address: string): bigint | null {
  try {
    return BigInt(address.startsWith('0x') ? address : `0x${address}`);
  } catch {
    return null;
  }
}

export function buildSymbolResolver(index: CaseIndex): SymbolResolver {
  const known: Known[] = [];
  const modules = new Map<string, string>();
  for (const { artifact, record } of index.symbols) {
    const at = toBig(record.address);
    if (at === null || at === 0n) continue;
    // A fact about an instruction (`<nf_hook_slow+243>` in crash `dis`) pins the symbol start at address - offset.
    const start = at - BigInt(record.offset ?? 0);
    known.push({ name: record.name, module: record.module, start, exact: false, source: { artifact, line: record.line } });
    if (record.module) modules.set(record.name, record.module);
  }
  // A long trace repeats the same few frames (the formats share one Frame object per distinct frame line, and equal
  // frames say the same): each distinct (address, symbol, offset) is a fact once, from its first line.
  const seen = new Set<string>();
  const seenFrames = new Set<Frame>();
  const frameFacts = (artifact: string, f: Frame, line: number) => {
    if (!f.address || !f.symbol || seenFrames.has(f)) return;
    seenFrames.add(f);
    const key = `${f.address}|${f.symbol}|${f.offset ?? ''}|${f.module ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const at = toBig(f.address);
    if (at === null) return;
    // A frame printed as `addr sym+off` pins the symbol start at addr - off.
    known.push({ name: f.symbol, module: f.module, start: at - BigInt(f.offset ?? 0), exact: false, source: { artifact, line } });
    if (f.module) modules.set(f.symbol, f.module);
  };
  // A callchain array already read (the perf reader shares one per distinct callchain) holds no new frame.
  const seenStacks = new Set<Frame[]>();
  for (const [artifact, events] of index.events) {
    for (const e of events) {
      if (e.stack.length > 0 && !seenStacks.has(e.stack)) {
        seenStacks.add(e.stack);
        for (const f of e.stack) frameFacts(artifact, f, e.line);
      }
      if (e.location) frameFacts(artifact, e.location, e.line);
    }
  }
  for (const { record } of index.hooks) if (record.hookFunction && record.module) modules.set(record.hookFunction, record.module);
  for (const { record } of index.hooks) {
    if (record.address && record.hookFunction) {
      const start = toBig(record.address);
      if (start !== null) known.push({ name: record.hookFunction, module: record.module, start, exact: false, source: { artifact: '', line: record.line } });
    }
  }
  known.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return {
    resolve(address) {
      const at = toBig(address);
      if (at === null || known.length === 0) return null;
      // The nearest symbol start at or below the address, within 64 KiB (no symbol is that long; beyond it we would guess).
      let lo = 0;
      let hi = known.length - 1;
      let best = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (known[mid].start <= at) {
          best = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (best < 0) return null;
      const k = known[best];
      const offset = Number(at - k.start);
      if (offset > 65536) return null;
      return { symbol: k.name, offset, module: k.module ?? modules.get(k.name) ?? null, source: k.source };
    },
    moduleOf(symbol) {
      return modules.get(symbol) ?? null;
    },
  };
}
