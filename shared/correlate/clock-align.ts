import type { KernelEvent, RawTime } from '../model/kernel-event';
import type { ClockOffset } from '../model/verdict';
import type { CaseIndex } from './case-index';
import type { NetFlow } from './flows';
import { captureSeconds, findLoggedPackets, secondsByPair } from './capture-columns';

// One clock for every artifact. Captures are on the wall clock (UTC µs). Since-boot artifacts (perf, dmesg, crash)
// get an offset; wall-clock times of day (bpftrace strftime) get a date. Each offset says how it was found and how
// sure it is. Artifacts of one host share its boot clock (printk and perf both use local_clock), so an offset
// found for one is carried to the others.

/** Seconds to add to a raw time of this clock to get Unix seconds, per artifact. */
export interface Clocks {
  offsets: Map<string, ClockOffset>;
  /** Unix µs for a raw time of `artifact`, or null when that artifact's clock could not be placed. */
  toWall(artifact: string, time: RawTime | null): number | null;
}

interface TimedTuple {
  t: number;
  src: string | null;
  dst: string | null;
  proto: string | null;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Parses a ctime-like date (`Tue Nov 24 19:01:47 2026`) as UTC seconds; null when it does not parse. */
export function parseCtimeUtc(text: string | undefined): number | null {
  if (!text) return null;
  const m = /(\w{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})/.exec(text);
  if (!m) return null;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(m[1]);
  if (month < 0) return null;
  return Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) / 1000;
}

/** Drop events a pattern match compares with packets (the first ones of the trace). */
const PATTERN_DROPS = 2000;

/**
 * The offset that lines up the most `events` with `packets` (both in seconds) within `tolerance`, among the
 * differences between them; used when nothing but the pattern of drops and vanished packets is left.
 */
export function patternOffset(events: number[], packets: number[], tolerance: number, near: number | null, window: number): { offset: number; matched: number; spread: number } | null {
  const ev = events.slice(0, PATTERN_DROPS);
  const pk = packets.slice(0, 400);
  if (ev.length === 0 || pk.length === 0) return null;
  const candidates: Array<{ d: number; packet: number }> = [];
  pk.forEach((p, packet) => {
    for (const e of ev) {
      const d = p - e;
      if (near === null || Math.abs(d - near) <= window) candidates.push({ d, packet });
    }
  });
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => a.d - b.d);
  // Sliding window over sorted differences: the offset that puts a drop next to the most distinct packets.
  let best = { offset: 0, matched: 0, spread: 0, distance: Infinity };
  let j = 0;
  const inWindow = new Map<number, number>();
  for (let i = 0; i < candidates.length; i++) {
    inWindow.set(candidates[i].packet, (inWindow.get(candidates[i].packet) ?? 0) + 1);
    while (candidates[i].d - candidates[j].d > 2 * tolerance) {
      const n = inWindow.get(candidates[j].packet)! - 1;
      if (n === 0) inWindow.delete(candidates[j].packet);
      else inWindow.set(candidates[j].packet, n);
      j++;
    }
    const matched = inWindow.size;
    // The window is sorted by d: its median (median() above, the upper one) is its middle element, read in place
    // (sorting a copy of every window was quadratic: a minute for 2000 drops against 400 packets).
    const offset = candidates[j + Math.floor((i - j + 1) / 2)].d;
    const distance = near === null ? 0 : Math.abs(offset - near);
    if (matched > best.matched || (matched === best.matched && distance < best.distance)) best = { offset, matched, spread: candidates[i].d - candidates[j].d, distance };
  }
  return { offset: best.offset, matched: best.matched, spread: best.spread };
}

/** Distance from `t` to the nearest value of a sorted list. */
function nearestGap(sorted: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  const a = Math.abs(sorted[lo] - t);
  return lo > 0 ? Math.min(a, Math.abs(sorted[lo - 1] - t)) : a;
}

/** The densest cluster of values within `width`: its median, size and spread. */
export function densest(values: number[], width: number): { center: number; count: number; spread: number } | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  let best = { center: v[0], count: 1, spread: 0 };
  let j = 0;
  for (let i = 0; i < v.length; i++) {
    while (v[i] - v[j] > width) j++;
    if (i - j + 1 > best.count) best = { center: median(v.slice(j, i + 1)), count: i - j + 1, spread: v[i] - v[j] };
  }
  return best;
}

export function alignClocks(index: CaseIndex, flows: NetFlow[], kernelHostCapture: string | null): Clocks {
  const offsets = new Map<string, ClockOffset>();
  const bootArtifacts = new Set<string>();
  const todArtifacts = new Set<string>();
  const note = (artifact: string, time: RawTime | null) => {
    if (time?.clock === 'boot') bootArtifacts.add(artifact);
    if (time?.clock === 'time-of-day') todArtifacts.add(artifact);
  };
  for (const [a, events] of index.events) for (const e of events) note(a, e.time);
  for (const [a, logs] of index.logs) for (const l of logs) note(a, l.time);

  const hostTables = kernelHostCapture ? [index.captures.get(kernelHostCapture)].filter((t) => t !== undefined) : [...index.captures.values()];
  const capture = kernelHostCapture ?? [...index.captures.keys()][0] ?? '';

  // Times of day: the capture's date, and the timezone shift (a multiple of 15 min) that lines the events up with
  // packets of the same addresses (any packet when the event has no addresses).
  // Every packet's time is only needed to place times of day (a copy of one column: skipped when nothing asks).
  const packetTimes = todArtifacts.size > 0 ? captureSeconds(hostTables) : new Float64Array(0);
  const byPair = todArtifacts.size > 0 ? secondsByPair(hostTables) : new Map<string, number[]>();
  const packetCount = hostTables.reduce((n, t) => n + t.length, 0);
  // Without packets, a time of day still gets a date from any artifact that printed one (perf `captured on`,
  // iptables-save `Generated … on`, crash DATE): relative alignment with other traces then still works.
  if (packetCount === 0) {
    let reference: { t: number; artifact: string } | null = null;
    for (const [artifact, meta] of index.meta) {
      const t = parseCtimeUtc(meta.capturedOn) ?? parseCtimeUtc(meta.generatedAt) ?? parseCtimeUtc(meta.date);
      if (t !== null && !reference) reference = { t, artifact };
    }
    for (const artifact of todArtifacts) {
      if (!reference) continue;
      const first = (index.events.get(artifact) ?? []).find((e) => e.time?.clock === 'time-of-day')?.time?.value ?? 0;
      // The day whose midnight puts the first event nearest the reference.
      const day = Math.round((reference.t - first) / 86400) * 86400;
      offsets.set(artifact, { artifact, offset: day, uncertainty: 14 * 3600, method: `time of day placed on the date printed in ${reference.artifact}; no capture to check it against, timezone unknown (assumed UTC)` });
    }
  }
  for (const artifact of todArtifacts) {
    if (packetTimes.length === 0) continue;
    const first = packetTimes[0];
    const midnight = Math.floor(first / 86400) * 86400;
    const tuples: TimedTuple[] = (index.events.get(artifact) ?? []).filter((e) => e.time?.clock === 'time-of-day').slice(0, 5000).map((e) => ({ t: e.time!.value, src: e.tuple?.src ?? null, dst: e.tuple?.dst ?? null, proto: e.tuple?.proto ?? null }));
    let best = { shift: 0, matched: -1 };
    for (let q = -56; q <= 56; q++) {
      const shift = q * 900;
      let matched = 0;
      for (const ev of tuples) {
        const times = ev.src && ev.dst ? byPair.get(`${ev.src}|${ev.dst}`) ?? byPair.get(`${ev.dst}|${ev.src}`) : packetTimes;
        if (!times) continue;
        const t = midnight + ev.t + shift;
        if ([t, t + 86400, t - 86400].some((x) => nearestGap(times, x) < 0.05)) matched++;
      }
      if (matched > best.matched || (matched === best.matched && Math.abs(shift) < Math.abs(best.shift))) best = { shift, matched };
    }
    offsets.set(artifact, {
      artifact, offset: midnight + best.shift, uncertainty: best.matched > 0 ? 0.05 : 3600,
      method: best.matched > 0 ? `time of day placed on ${new Date(midnight * 1000).toISOString().slice(0, 10)} (date of ${capture})${best.shift ? `, shifted ${best.shift / 3600} h` : ''}: ${best.matched} event(s) line up with packets` : `time of day placed on the capture's date, timezone unknown (assumed UTC)`,
    });
  }


  // 1. LOG-target lines matched to captured packets by IP ID, addresses, protocol and ports (±1 ms).
  let bootOffset: ClockOffset | null = null;
  for (const [artifact, logs] of index.logs) {
    if (!bootArtifacts.has(artifact)) continue;
    const diffs: number[] = [];
    let ingress = 0;
    const logged = logs.filter((l) => l.packet && l.packet.id !== null && l.time?.clock === 'boot');
    const packets = findLoggedPackets(hostTables, logged.map((l) => ({ id: l.packet!.id!, src: l.packet!.src, dst: l.packet!.dst, sport: l.packet!.sport })));
    for (const [k, l] of logged.entries()) {
      const f = l.packet!;
      const p = packets[k];
      if (!p || l.time?.clock !== 'boot') continue;
      diffs.push(p.tUs / 1e6 - l.time.value);
      if (f.in) ingress++;
    }
    if (diffs.length > 0) {
      // The packet tap sees ingress before netfilter and egress after it: a LOG line of an incoming packet comes
      // after its capture time, one of an outgoing packet before. The offset honours that order for every line.
      const offset = ingress === diffs.length ? Math.max(...diffs) : ingress === 0 ? Math.min(...diffs) : median(diffs);
      const spread = Math.max(...diffs.map((d) => Math.abs(d - offset)));
      bootOffset = { artifact, offset, uncertainty: Math.max(spread, 0.001), method: `${diffs.length} LOG line(s) of ${artifact} matched to packets of ${capture} by IP ID and ports` };
      break;
    }
  }

  // 2. The perf header: `captured on` (wall, second resolution, local time assumed UTC) ≈ the last sample.
  let headerOffset: ClockOffset | null = null;
  for (const artifact of bootArtifacts) {
    const meta = index.meta.get(artifact) ?? {};
    const wall = parseCtimeUtc(meta.capturedOn);
    const last = Number(meta.lastSample);
    if (wall !== null && Number.isFinite(last) && last > 0) {
      headerOffset = { artifact, offset: wall - last, uncertainty: 2, method: `perf header of ${artifact}: captured on ${meta.capturedOn} (assumed UTC) vs last sample ${meta.lastSample}` };
      break;
    }
  }

  // 3. The same drops seen by a wall-clock tracer (bpftrace with strftime) and a since-boot one (perf): same skb
  //    address, same freeing function; the differences agree to a few µs.
  let twinOffset: ClockOffset | null = null;
  if (!bootOffset) {
    for (const artifact of bootArtifacts) {
      // Read only when another tracer has placed drops to compare with (a lone perf trace has none).
      let mine: KernelEvent[] | null = null;
      for (const [other, events] of index.events) {
        if (other === artifact || twinOffset) continue;
        const placed = events.filter((e) => e.type === 'kfree_skb' && e.skb && e.time && (e.time.clock === 'wall' || offsets.has(other)));
        if (placed.length === 0) continue;
        mine ??= (index.events.get(artifact) ?? []).filter((e) => e.type === 'kfree_skb' && e.skb && e.time?.clock === 'boot');
        const bySkb = new Map<string, number[]>();
        for (const e of placed) {
          const t = e.time!.clock === 'wall' ? e.time!.value : e.time!.value + offsets.get(other)!.offset;
          const key = `${e.skb}|${e.location?.symbol ?? ''}`;
          const times = bySkb.get(key);
          if (times) times.push(t);
          else bySkb.set(key, [t]);
        }
        const diffs: number[] = [];
        for (const e of mine) for (const t of bySkb.get(`${e.skb}|${e.location?.symbol ?? ''}`) ?? []) diffs.push(t - e.time!.value);
        const found = densest(diffs, 0.0002);
        if (found && found.count >= 3) {
          twinOffset = { artifact, offset: found.center, uncertainty: Math.max(found.spread, 0.0001) + (offsets.get(other)?.uncertainty ?? 0), method: `${found.count} drop(s) of ${artifact} matched to the same skb and function in ${other}` };
        }
      }
      if (twinOffset) break;
    }
  }

  // 4. Pattern: drops in a since-boot trace against the packets of failed flows (±5 ms), counted per packet so a
  //    burst of unrelated drops cannot outvote the packets; near the perf header when there is one (a local-time
  //    header may be off by whole quarter-hours).
  let patternOffsetFound: ClockOffset | null = null;
  if (!bootOffset && !twinOffset) {
    const failedTimes = flows.filter((f) => f.symptom).flatMap((f) => f.symptom!.evidence.map((p) => p.packet.tUs / 1e6));
    for (const artifact of bootArtifacts) {
      // patternOffset looks at the first PATTERN_DROPS drops only: a long trace is not copied whole.
      const drops: number[] = [];
      for (const e of index.events.get(artifact) ?? []) {
        if (drops.length >= PATTERN_DROPS) break;
        if (e.type === 'kfree_skb' && e.time?.clock === 'boot' && e.protocol !== 34525) drops.push(e.time.value);
      }
      const found = patternOffset(drops, failedTimes, 0.005, headerOffset?.offset ?? null, headerOffset ? 14 * 3600 + 60 : Infinity);
      if (found && found.matched >= 2) {
        patternOffsetFound = { artifact, offset: found.offset, uncertainty: Math.max(found.spread / 2, 0.005), method: `${found.matched} unanswered packet(s) aligned with drop events of ${artifact} (pattern match)` };
        break;
      }
    }
  }

  // 5. The collector's clock anchors: wall and since-boot clocks read back to back on the host (CLOCK_MONOTONIC
  //    from timer_list when readable: what printk and perf follow; else /proc/uptime, 10 ms steps).
  let anchorOffset: ClockOffset | null = null;
  if (index.anchors.length > 0) {
    const best = [...index.anchors].sort((a, b) => a.record.uncertainty - b.record.uncertainty)[0];
    const a = best.record;
    const boot = a.monotonic ?? a.boot;
    const wall = a.wallAfter !== null ? (a.wall + a.wallAfter) / 2 : a.wall;
    anchorOffset = { artifact: best.artifact, offset: wall - boot, uncertainty: a.uncertainty, method: `wall and ${a.monotonic !== null ? 'monotonic' : 'uptime'} clocks read back to back (${best.artifact} line ${a.line})` };
  }

  const chosen = bootOffset ?? anchorOffset ?? twinOffset ?? patternOffsetFound ?? headerOffset;
  if (chosen) {
    for (const artifact of bootArtifacts) {
      offsets.set(artifact, artifact === chosen.artifact ? chosen : { ...chosen, artifact, method: chosen === anchorOffset ? chosen.method : `same boot clock as ${chosen.artifact}: ${chosen.method}` });
    }
  }

  return {
    offsets,
    toWall(artifact, time) {
      if (!time) return null;
      if (time.clock === 'wall') return Math.round(time.value * 1e6);
      const o = offsets.get(artifact);
      if (!o) return null;
      let t = time.value + o.offset;
      // A time of day just after midnight belongs to the next day when the capture started before it.
      if (time.clock === 'time-of-day' && packetTimes.length && t < packetTimes[0] - 43200) t += 86400;
      return Math.round(t * 1e6);
    },
  };
}
