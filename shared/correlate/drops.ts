import type { Frame, KernelEvent, Tuple } from '../model/kernel-event';
import type { LogLine } from '../model/log-line';
import { eraFromNetfilterCode, eraOfRelease, reasonName, type ReasonEra } from '../kernel/drop-reasons';
import type { CaseIndex } from './case-index';
import type { Clocks } from './clock-align';
import { dropSiteOf, type DropSite } from './drop-site';
import { CompactDrop, type DropFacts, type LifeLinks } from './compact-drop';
import { lifeEndingAt, NO_LIFE, skbLifeLinks, skbLivesByEvent, type SkbLife } from './skb-lives';
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
/** The twins of a drop that has none: shared, replaced by its own array before the first twin is added. */
const NO_TWINS: DropObservation['twins'] = [];
/** The free API's own frames: the location is the first frame after them. */
const FREE_API = new Set(['kfree_skb', 'kfree_skb_reason', 'sk_skb_reason_drop', '__kfree_skb']);
/** Distinct callchains whose drop sites are remembered (a long trace shares a few callchain arrays: the perf reader). */
const SITE_MEMO_STACKS = 10_000;

function locationKey(f: Frame | null): string | null {
  if (!f) return null;
  if (f.address) return f.address.toLowerCase();
  return f.symbol ? `${f.symbol}+${f.offset ?? '?'}` : null;
}

/**
 * dropSiteOf remembered per (callchain array, location object): a drop site depends on nothing else, and a long trace
 * repeats the same shared frames and callchains, so a million drops read a handful of sites. Sites are never mutated.
 */
function siteMemo(resolver: SymbolResolver): (e: KernelEvent, borrowed: Frame[] | null) => DropSite {
  const byStack = new Map<Frame[], Map<Frame | null, DropSite>>();
  return (e, borrowed) => {
    const frames = e.stack.length ? e.stack : borrowed;
    if (frames === null) return dropSiteOf(e, resolver, borrowed);
    let sites = byStack.get(frames);
    if (sites === undefined) {
      if (byStack.size >= SITE_MEMO_STACKS) return dropSiteOf(e, resolver, borrowed);
      sites = new Map();
      byStack.set(frames, sites);
    }
    let site = sites.get(e.location);
    if (site === undefined) {
      site = dropSiteOf(e, resolver, borrowed);
      sites.set(e.location, site);
    }
    return site;
  };
}

export function collectDrops(index: CaseIndex, clocks: Clocks, resolver: SymbolResolver, release: string | null): DropObservation[] {
  // Callchains by location, so a stack-less drop (perf without -g, 3.10 raw address) can borrow one.
  const stacks = new Map<string, { frames: Frame[]; artifact: string; line: number }>();
  // An event with the callchain array and location object of the one before adds nothing (the first one wins).
  let lastStack: Frame[] | null = null;
  let lastLocation: Frame | null = null;
  for (const [artifact, events] of index.events) for (const e of events) {
    if (!e.stack.length) continue;
    if (e.stack === lastStack && e.location === lastLocation) continue;
    lastStack = e.stack;
    lastLocation = e.location;
    const frames = e.stack;
    // The location is the first frame after the free API's own frames.
    const at = frames.findIndex((f) => f.symbol && !FREE_API.has(f.symbol));
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
  const siteOf = siteMemo(resolver);
  const drops: DropObservation[] = [];
  let tracers = 0;
  for (const [artifact, events] of index.events) {
    const links = skbLifeLinks(events);
    // A drop summary inside a life does not end it: those (rare) read their life from the lives built whole.
    const builtLives = events.some((e, i) => e.type === 'drop-summary' && links[i] !== NO_LIFE) ? skbLivesByEvent(artifact, events).lifeAt : null;
    const lives: LifeLinks = { artifact, events, links };
    // Facts of drops without a tuple, borrowed stack or window: one object per (site, reason) of this artifact.
    const common = new Map<DropSite, Map<string | null, DropFacts>>();
    const commonFacts = (site: DropSite, reason: string | null): DropFacts => {
      let byReason = common.get(site);
      if (byReason === undefined) common.set(site, (byReason = new Map()));
      let facts = byReason.get(reason);
      if (facts === undefined) {
        facts = { artifact, site, reason, tuple: null, tupleFrom: null, stackFrom: null, window: null, twins: NO_TWINS };
        byReason.set(reason, facts);
      }
      return facts;
    };
    const windows = intervalWindows(artifact, events, clocks);
    // Interval summaries stand for drops only where the tool printed nothing per drop (dropwatch -l kas).
    const perDrop = events.some((e) => e.type === 'kfree_skb');
    const before = drops.length;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e.type !== 'kfree_skb' && !(e.type === 'drop-summary' && !perDrop)) continue;
      const borrowed = e.stack.length ? null : stacks.get(locationKey(e.location) ?? '') ?? null;
      const site = siteOf(e, borrowed?.frames ?? null);
      const reason = e.reason ?? (e.reasonCode !== null ? reasonName(e.reasonCode, era) : null);
      const life = builtLives ? builtLives[i] : links[i] === NO_LIFE ? null : links[i] === -1 ? undefined : lifeEndingAt(artifact, events, links, i);
      // The first tuple in the life; a life of this one event has the event's.
      const lifeTuple = life === undefined ? e.tuple ?? null : life?.events.find((x) => x.tuple)?.tuple ?? null;
      const tuple = e.tuple ?? lifeTuple;
      const window = windows?.get(e) ?? null;
      const lifeOrLinks = life === undefined ? lives : life;
      const tUs = clocks.toWall(artifact, e.time);
      if (tuple === null && borrowed === null && window === null) {
        drops.push(new CompactDrop(e, lifeOrLinks, i, tUs, commonFacts(site, reason), true));
      } else {
        const facts: DropFacts = {
          artifact, site, reason, tuple, tupleFrom: e.tuple || lifeTuple ? artifact : null,
          stackFrom: borrowed ? { artifact: borrowed.artifact, line: borrowed.line } : null, window, twins: NO_TWINS,
        };
        drops.push(new CompactDrop(e, lifeOrLinks, i, tUs, facts, false));
      }
    }
    if (drops.length > before) tracers++;
  }
  drops.sort((a, b) => (a.tUs ?? 0) - (b.tUs ?? 0));

  // Twins: the same skb freed at the same time in two artifacts is one drop seen twice. Compared per skb address
  // (a trace of 100 000 drops must not compare every pair); a single tracer has none.
  const bySkb = new Map<string, DropObservation[]>();
  if (tracers > 1) {
    for (const d of drops) {
      if (!d.event.skb || d.tUs === null) continue;
      const list = bySkb.get(d.event.skb);
      if (list) list.push(d);
      else bySkb.set(d.event.skb, [d]);
    }
  }
  for (const d of tracers > 1 ? drops : []) {
    if (!d.event.skb || d.tUs === null) continue;
    for (const o of bySkb.get(d.event.skb) ?? []) {
      if (o === d || o.artifact === d.artifact || o.event.skb !== d.event.skb || o.tUs === null) continue;
      if (Math.abs(o.tUs - d.tUs) > TWIN_WINDOW_US) continue;
      // The same drop frees at the same place for the same reason; an address reused for another packet does not.
      if (d.site.function && o.site.function && d.site.function !== o.site.function) continue;
      if (d.reason && o.reason && d.reason !== o.reason) continue;
      if (d.twins === NO_TWINS) d.twins = [];
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
  for (const d of logs.length > 0 ? drops : []) {
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
function intervalWindows(artifact: string, events: KernelEvent[], clocks: Clocks): Map<KernelEvent, { fromUs: number; toUs: number }> | null {
  // Without a timed summary no window is ever set: skip sorting a copy of a long trace.
  if (!events.some((e) => e.type === 'drop-summary' && e.time)) return null;
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
  // Without twins every drop is its own group (collectDrops makes one observation per event).
  if (drops.every((d) => d.twins.length === 0)) return [...drops];
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
