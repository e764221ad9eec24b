import { indexCase } from '../../../shared/correlate/case-index';
import { buildFlows } from '../../../shared/correlate/flows';
import { findKernelHost, isUnicastHost } from '../../../shared/correlate/kernel-host';
import type { IngestedArtifact } from '../../../shared/engine/ingest';
import type { RawTime } from '../../../shared/model/kernel-event';
import { HAS_PROTO, HAS_TCPFLAGS, type PacketBlock, type PacketTable } from '../../../shared/model/packet-table';
import type { ClockOffset, Verdict } from '../../../shared/model/verdict';
import { isoToMicros } from '../text/iso-micros';
import type { LaneClock, LaneGroup, LaneMarks, MarkKind, OffTimeline, TimelineData } from './timeline-data';
import { markKind } from './timeline-data';

/** Marks of one lane while they are collected: growable columns. */
class LaneBuilder {
  times: number[] = [];
  kinds: number[] = [];
  refs: number[] = [];
  unplaced = 0;
  clock: LaneClock = 'wall';

  add(t: number, kind: MarkKind, ref: number): void {
    this.times.push(t);
    this.kinds.push(kind);
    this.refs.push(ref);
  }

  /** Typed, time-sorted columns (stable: equal times keep file order). */
  build(artifact: string, format: string, host: string, refKind: LaneMarks['refKind']): LaneMarks {
    const n = this.times.length;
    const times = new Float64Array(this.times);
    const kinds = new Uint8Array(this.kinds);
    const refs = new Uint32Array(this.refs);
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = times[i - 1] <= times[i];
    if (!sorted) {
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
      const t2 = new Float64Array(n);
      const k2 = new Uint8Array(n);
      const r2 = new Uint32Array(n);
      order.forEach((from, to) => {
        t2[to] = times[from];
        k2[to] = kinds[from];
        r2[to] = refs[from];
      });
      return { artifact, format, host, clock: this.clock, refKind, times: t2, kinds: k2, refs: r2, unplaced: this.unplaced };
    }
    return { artifact, format, host, clock: this.clock, refKind, times, kinds, refs, unplaced: this.unplaced };
  }
}

function packetKind(b: PacketBlock, i: number): MarkKind {
  if ((b.has[i] & HAS_TCPFLAGS) !== 0) {
    const flags = b.flags[i];
    if (flags & 0x04) return markKind.rst;
    if (flags & 0x02 && !(flags & 0x10)) return markKind.syn;
  }
  if ((b.has[i] & HAS_PROTO) !== 0 && (b.proto[i] === 1 || b.proto[i] === 58)) return markKind.icmp;
  return markKind.packet;
}

/** A capture's rows as marks; each address weighs 2 per packet and a send 1 more (the sender is the capture's host). */
function addPackets(lane: LaneBuilder, table: PacketTable, counts: Map<string, number>): void {
  const weight = new Float64Array(table.addressCount + 1);
  let row = 0;
  for (const b of table.blocks) {
    for (let i = 0; i < b.length; i++, row++) {
      lane.add(b.time(i), packetKind(b, i), row + 1);
      weight[b.src[i]] += 3;
      weight[b.dst[i]] += 2;
    }
  }
  for (let id = 1; id < weight.length; id++) {
    const address = table.address(id)!;
    if (weight[id] > 0 && isUnicastHost(address)) counts.set(address, (counts.get(address) ?? 0) + weight[id]);
  }
}

/**
 * A raw time on the corrected wall clock, in µs, the way the verdict placed its artifact (`verdict.clocks`):
 * wall-clock times as they are, since-boot and time-of-day ones plus the artifact's offset. Mirrors
 * `toWall` of shared/correlate/clock-align.ts, including its rule for a time of day just after midnight.
 */
export function wallMicros(time: RawTime | null, offset: ClockOffset | undefined, firstPacketSeconds: number | null): number | null {
  if (!time) return null;
  if (time.clock === 'wall') return Math.round(time.value * 1e6);
  if (!offset) return null;
  let t = time.value + offset.offset;
  if (time.clock === 'time-of-day' && firstPacketSeconds !== null && t < firstPacketSeconds - 43200) t += 86400;
  return Math.round(t * 1e6);
}

/** The verdict's kernel host when it states one, else the engine's own finding over the records. */
function kernelHostOf(verdict: Verdict, compute: () => { addresses: Set<string>; capture: string | null }): { addresses: Set<string>; capture: string | null } {
  if (verdict.kernelHost) return { addresses: new Set(verdict.kernelHost.addresses), capture: verdict.kernelHost.capture };
  return compute();
}

const laneOrder: Record<string, number> = { packet: 0, line: 1 };

function refNumber(ref: string): number | null {
  const m = /^(?:line|packet) (\d+)$/.exec(ref);
  return m ? Number(m[1]) : null;
}

/**
 * The timeline of a case, as columns per artifact: packets at their capture time, kernel events and log lines on
 * the wall clock the verdict worked out, and for artifacts without times of their own (rule counters) the times
 * the verdict's findings give them. Lanes are grouped by host: each capture's own host, and the kernel host
 * (the host the kernel artifacts come from) holding every non-capture lane.
 */
export function buildTimeline(artifacts: IngestedArtifact[], verdict: Verdict): TimelineData {
  const index = indexCase(artifacts);
  const host = kernelHostOf(verdict, () => findKernelHost(index, buildFlows(index.captures)));
  const clocks = new Map(verdict.clocks.map((c) => [c.artifact, c]));
  let firstPacket = Infinity;
  for (const table of index.captures.values()) for (const b of table.blocks) for (let i = 0; i < b.length; i++) firstPacket = Math.min(firstPacket, b.time(i) / 1e6);
  const firstPacketSeconds = Number.isFinite(firstPacket) ? firstPacket : null;

  const kernelLabel = host.addresses.size > 0 ? `kernel host ${[...host.addresses].join(', ')}` : 'kernel host';
  /** Each artifact's lane, by name, in arrival order. */
  const lanes = new Map<string, LaneMarks>();
  const offTimeline: OffTimeline[] = [];

  for (const a of artifacts) {
    const name = a.summary.name;
    const lane = new LaneBuilder();
    let refKind: LaneMarks['refKind'] = 'line';
    const counts = new Map<string, number>();
    for (const r of a.records) {
      switch (r.kind) {
        case 'packet-table':
          refKind = 'packet';
          addPackets(lane, r.table, counts);
          break;
        case 'kernel-event': {
          const t = wallMicros(r.time, clocks.get(name), firstPacketSeconds);
          if (r.time) lane.clock = r.time.clock;
          if (t === null) {
            if (r.time) lane.unplaced++;
            break;
          }
          const kind = r.type === 'kfree_skb' || r.type === 'drop-summary' ? markKind.drop : r.type === 'probe-return' ? markKind.probeReturn : markKind.event;
          lane.add(t, kind, r.line);
          break;
        }
        case 'log-line': {
          const t = wallMicros(r.time, clocks.get(name), firstPacketSeconds);
          if (r.time) lane.clock = r.time.clock;
          if (t === null) {
            if (r.time) lane.unplaced++;
            break;
          }
          lane.add(t, r.drop ? markKind.drop : r.packet ? markKind.logPacket : markKind.log, r.line);
          break;
        }
        default:
          break;
      }
    }
    let group = kernelLabel;
    if (refKind === 'packet') {
      let best: string | null = null;
      let most = 0;
      for (const [address, n] of counts) if (n > most) [best, most] = [address, n];
      // The capture taken on the kernel host joins its group; another capture is its own host's.
      if (name !== host.capture && !(best && host.addresses.has(best))) group = best ? `host ${best}` : `capture ${name}`;
    }
    lanes.set(name, lane.build(name, a.summary.format, group, refKind));
  }

  // Artifacts without times of their own (rulesets and their counters) appear where a finding places them.
  const derived = new Map<string, LaneBuilder>();
  for (const finding of verdict.findings) {
    for (const entry of finding.timeline) {
      const built = lanes.get(entry.artifact);
      if (!built || built.times.length > 0) continue;
      const t = isoToMicros(entry.t);
      const ref = refNumber(entry.ref);
      if (t === null || ref === null) continue;
      let lane = derived.get(entry.artifact);
      if (!lane) {
        lane = new LaneBuilder();
        lane.clock = 'finding';
        derived.set(entry.artifact, lane);
      }
      // The same step may appear in several findings: one mark per (time, line).
      const seen = lane.times.some((x, i) => x === t && lane!.refs[i] === ref);
      if (!seen) lane.add(t, markKind.counter, ref);
    }
  }
  for (const [name, lane] of derived) {
    const old = lanes.get(name)!;
    lanes.set(name, lane.build(name, old.format, old.host, 'line'));
  }

  const byHost = new Map<string, LaneMarks[]>();
  let marks = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of artifacts) {
    const lane = lanes.get(a.summary.name)!;
    if (lane.times.length === 0) {
      const why = lane.unplaced > 0 ? `${lane.unplaced} time(s) on a clock the verdict could not place` : a.summary.format === 'unknown' ? 'format not recognised' : 'no times in it';
      offTimeline.push({ artifact: lane.artifact, format: lane.format, why });
      continue;
    }
    marks += lane.times.length;
    lo = Math.min(lo, lane.times[0]);
    hi = Math.max(hi, lane.times[lane.times.length - 1]);
    const list = byHost.get(lane.host) ?? [];
    list.push(lane);
    byHost.set(lane.host, list);
  }
  const ordered: LaneGroup[] = [...byHost].map(([label, lanes]) => ({
    label,
    // Captures first, then the rest in arrival order (stable sort).
    lanes: lanes.sort((x, y) => laneOrder[x.refKind] - laneOrder[y.refKind]),
  }));
  // Other hosts (the client side) above the kernel host: the packet's path runs downwards to the drop.
  ordered.sort((x, y) => Number(x.label === kernelLabel) - Number(y.label === kernelLabel));
  return { groups: ordered, offTimeline, extent: marks > 0 ? [lo, hi] : null, marks };
}
