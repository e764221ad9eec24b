import type { Frame, KernelEvent, Tuple } from '../model/kernel-event';
import type { LogLine } from '../model/log-line';
import { eraFromNetfilterCode, eraOfRelease, reasonName, type ReasonEra } from '../kernel/drop-reasons';
import type { CaseIndex } from './case-index';
import type { Clocks } from './clock-align';
import { dropSiteOf, type DropSite } from './drop-site';
import { buildSkbLives, type SkbLife } from './skb-lives';
import type { SymbolResolver } from './symbol-resolver';

/** One packet drop as the kernel traces saw it, possibly by several tools at once (perf and bpftrace, same skb). */
export interface DropObservation {
  artifact: string;
  event: KernelEvent;
  /** Other tools' records of the same drop (same skb address, within 2 ms). */
  twins: Array<{ artifact: string; event: KernelEvent }>;
  /** The life of the skb up to this drop in `artifact` (probe entries/returns included). */
  life: SkbLife | null;
  /** Corrected wall time, µs; null when the artifact's clock could not be placed. */
  tUs: number | null;
  site: DropSite;
  reason: string | null;
  /** Packet headers from the event, its twins, its life, or a LOG line printed just before it. */
  tuple: Tuple | null;
  tupleFrom: string | null;
  /** Where a borrowed callchain came from (same location printed with a stack by another tool). */
  stackFrom: { artifact: string; line: number } | null;
  /**
   * For a drop printed without a time (a stap backtrace) or an interval summary (`N packets dropped at …` under
   * `=== date ===`, dropwatch): the wall-clock interval it happened in, µs.
   */
  window: { fromUs: number; toUs: number } | null;
}

const TWIN_WINDOW_US = 2000;

function locationKey(f: Frame | null): string | null {
  if (!f) return null;
  if (f.address) return f.address.toLowerCase();
  return f.symbol ? `${f.symbol}+${f.offset ?? '?'}` : null;
}

export function collectDrops(index: CaseIndex, clocks: Clocks, resolver: SymbolResolver, release: string | null): DropObservation[] {
  // Callchains by location, so a stack-less drop (perf without -g, 3.10 raw address) can borrow one.
  const stacks = new Map<string, { frames: Frame[]; artifact: string; line: number }>();
  for (const [artifact, events] of index.events) for (const e of events) {
    if (!e.stack.length) continue;
    const frames = e.stack;
    // The location is the first frame after the free API's own frames.
    const at = frames.findIndex((f) => f.symbol && !/^(kfree_skb|kfree_skb_reason|sk_skb_reason_drop|__kfree_skb)$/.test(f.symbol));
    const key = locationKey(at >= 0 ? frames[at] : null);
    if (key && !stacks.has(key)) stacks.set(key, { frames, artifact, line: e.line });
    const loc = locationKey(e.location);
    if (loc && !stacks.has(loc)) stacks.set(loc, { frames, artifact, line: e.line });
  }

  // The era that decodes numeric reasons (bpftrace prints args->reason as a number): from the release when an
  // artifact states it, else from a netfilter drop's number.
  let era: ReasonEra | null = eraOfRelease(release);
  if (!era) {
    for (const events of index.events.values()) for (const e of events) {
      if (!era && e.reasonCode !== null && /^(nf_hook_slow|nft_do_chain)$/.test(e.location?.symbol ?? '')) era = eraFromNetfilterCode(e.reasonCode);
    }
  }
  const drops: DropObservation[] = [];
  for (const [artifact, events] of index.events) {
    const lives = buildSkbLives(artifact, events);
    const lifeOf = new Map<KernelEvent, SkbLife>();
    for (const l of lives) for (const e of l.events) lifeOf.set(e, l);
    const windows = intervalWindows(artifact, events, clocks);
    // Interval summaries stand for drops only where the tool printed nothing per drop (dropwatch -l kas).
    const perDrop = events.some((e) => e.type === 'kfree_skb');
    for (const e of events) {
      if (e.type !== 'kfree_skb' && !(e.type === 'drop-summary' && !perDrop)) continue;
      const borrowed = e.stack.length ? null : stacks.get(locationKey(e.location) ?? '') ?? null;
      const site = dropSiteOf(e, resolver, borrowed?.frames ?? null);
      const reason = e.reason ?? (e.reasonCode !== null ? reasonName(e.reasonCode, era) : null);
      const life = lifeOf.get(e) ?? null;
      const lifeTuple = life?.events.find((x) => x.tuple)?.tuple ?? null;
      drops.push({
        artifact, event: e, twins: [], life, tUs: clocks.toWall(artifact, e.time), site, reason,
        tuple: e.tuple ?? lifeTuple, tupleFrom: e.tuple || lifeTuple ? artifact : null,
        stackFrom: borrowed ? { artifact: borrowed.artifact, line: borrowed.line } : null,
        window: windows.get(e) ?? null,
      });
    }
  }
  drops.sort((a, b) => (a.tUs ?? 0) - (b.tUs ?? 0));

  // Twins: the same skb freed at the same time in two artifacts is one drop seen twice. Compared per skb address
  // (a trace of 100 000 drops must not compare every pair).
  const bySkb = new Map<string, DropObservation[]>();
  for (const d of drops) {
    if (!d.event.skb || d.tUs === null) continue;
    const list = bySkb.get(d.event.skb);
    if (list) list.push(d);
    else bySkb.set(d.event.skb, [d]);
  }
  for (const d of drops) {
    if (!d.event.skb || d.tUs === null) continue;
    for (const o of bySkb.get(d.event.skb) ?? []) {
      if (o === d || o.artifact === d.artifact || o.event.skb !== d.event.skb || o.tUs === null) continue;
      if (Math.abs(o.tUs - d.tUs) > TWIN_WINDOW_US) continue;
      // The same drop frees at the same place for the same reason; an address reused for another packet does not.
      if (d.site.function && o.site.function && d.site.function !== o.site.function) continue;
      if (d.reason && o.reason && d.reason !== o.reason) continue;
      d.twins.push({ artifact: o.artifact, event: o.event });
      if (!d.tuple && o.tuple) {
        d.tuple = o.tuple;
        d.tupleFrom = o.artifact;
      }
      if (!d.reason && o.reason) d.reason = o.reason;
    }
  }
  // A LOG line printed by the same kernel in the 2 ms before a drop names the packet (the LOG rule ran, then a
  // later rule or hook dropped it).
  // Both on the host's boot clock, they compare without any wall-clock offset (no anchor needed).
  const logs: Array<{ artifact: string; line: LogLine; tUs: number | null; bootUs: number | null }> = [];
  for (const [artifact, lines] of index.logs) for (const l of lines) {
    const t = clocks.toWall(artifact, l.time);
    const boot = l.time?.clock === 'boot' ? Math.round(l.time.value * 1e6) : null;
    if (l.packet && (t !== null || boot !== null)) logs.push({ artifact, line: l, tUs: t, bootUs: boot });
  }
  for (const d of drops) {
    const dBoot = d.event.time?.clock === 'boot' ? Math.round(d.event.time.value * 1e6) : null;
    if ((d.tuple && d.tuple.sport !== null) || (d.tUs === null && dBoot === null)) continue;
    const t = d.tuple;
    const gap = (l: { tUs: number | null; bootUs: number | null }): number | null => (d.tUs !== null && l.tUs !== null ? d.tUs - l.tUs : dBoot !== null && l.bootUs !== null ? dBoot - l.bootUs : null);
    // A tracer tuple without ports (bpftrace printing addresses only) is completed by a LOG line of the same packet.
    const before = logs.filter((l) => {
      const g = gap(l);
      return g !== null && g >= -100 && g <= 2000 && (!t || (l.line.packet!.src === t.src && l.line.packet!.dst === t.dst));
    }).pop();
    if (before) {
      const f = before.line.packet!;
      d.tuple = { proto: f.proto?.toLowerCase() ?? null, src: f.src, dst: f.dst, sport: f.sport, dport: f.dport };
      d.tupleFrom = `${before.artifact} line ${before.line.line}`;
    }
  }
  return drops;
}

/**
 * Interval tools (systemtap dropwatch.stp, dropwatch) print per-drop backtraces without a time and a summary under a
 * wall-clock header at the end of each interval: a time-less drop happened between the previous summary and the next.
 */
function intervalWindows(artifact: string, events: KernelEvent[], clocks: Clocks): Map<KernelEvent, { fromUs: number; toUs: number }> {
  const windows = new Map<KernelEvent, { fromUs: number; toUs: number }>();
  const ordered = [...events].sort((a, b) => a.line - b.line);
  const summaries = ordered.filter((e) => e.type === 'drop-summary' && e.time);
  let previous: number | null = null;
  let pending: KernelEvent[] = [];
  const gaps: number[] = [];
  for (let i = 1; i < summaries.length; i++) {
    const a = clocks.toWall(artifact, summaries[i - 1].time);
    const b = clocks.toWall(artifact, summaries[i].time);
    if (a !== null && b !== null) gaps.push(b - a);
  }
  const interval = gaps.length ? Math.min(...gaps) : 5e6;
  for (const e of ordered) {
    if (e.type === 'drop-summary' && e.time) {
      const end = clocks.toWall(artifact, e.time);
      if (end === null) continue;
      // Headers print whole seconds: widen by one second on each side.
      const from = (previous ?? end - interval) - 1e6;
      windows.set(e, { fromUs: from, toUs: end + 1e6 });
      for (const p of pending) windows.set(p, { fromUs: from, toUs: end + 1e6 });
      pending = [];
      previous = end;
    } else if (e.type === 'kfree_skb' && !e.time) pending.push(e);
  }
  return windows;
}

function richness(d: DropObservation): number {
  return (d.event.stack.length ? 8 : 0) + (d.site.location?.includes('+') ? 4 : 0) + (d.site.hook ? 2 : 0) + (d.event.reason ? 1 : 0);
}

/** Drops that are the same event seen by several tools become one, kept from the tool that says most about it. */
export function distinctDrops(drops: DropObservation[]): DropObservation[] {
  const seen = new Set<KernelEvent>();
  const out: DropObservation[] = [];
  const byEvent = new Map(drops.map((d) => [d.event, d]));
  for (const d of drops) {
    if (seen.has(d.event)) continue;
    const group = [d, ...d.twins.map((t) => byEvent.get(t.event)).filter((x): x is DropObservation => !!x)];
    const keep = group.reduce((a, b) => (richness(b) > richness(a) ? b : a));
    if (keep !== d) {
      keep.tuple = keep.tuple ?? d.tuple;
      keep.tupleFrom = keep.tupleFrom ?? d.tupleFrom;
      keep.reason = keep.reason ?? d.reason;
    }
    out.push(keep);
    for (const g of group) seen.add(g.event);
  }
  return out;
}
