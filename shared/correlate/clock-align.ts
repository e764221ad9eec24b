import type { RawTime } from '../model/kernel-event';
import type { ClockOffset } from '../model/verdict';
import type { CaseIndex } from './case-index';
import type { NetFlow } from './flows';

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

/**
 * The offset that lines up the most `events` with `packets` (both in seconds) within `tolerance`, among the
 * differences between them; used when nothing but the pattern of drops and vanished packets is left.
 */
export function patternOffset(events: number[], packets: number[], tolerance: number, near: number | null, window: number): { offset: number; matched: number; spread: number } | null {
  const ev = events.slice(0, 400);
  const pk = packets.slice(0, 2000);
  if (ev.length === 0 || pk.length === 0) return null;
  const candidates: number[] = [];
  for (const e of ev) for (const p of pk) {
    const d = p - e;
    if (near === null || Math.abs(d - near) <= window) candidates.push(d);
  }
  if (candidates.length === 0) return null;
  candidates.sort((a, b) => a - b);
  // Sliding window over sorted differences: the densest cluster of width 2·tolerance.
  let best = { offset: 0, matched: 0, spread: 0 };
  let j = 0;
  for (let i = 0; i < candidates.length; i++) {
    while (candidates[i] - candidates[j] > 2 * tolerance) j++;
    const count = i - j + 1;
    if (count > best.matched) best = { offset: median(candidates.slice(j, i + 1)), matched: count, spread: candidates[i] - candidates[j] };
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

  const hostPackets = kernelHostCapture ? index.captures.get(kernelHostCapture) ?? [] : [...index.captures.values()].flat();
  const capture = kernelHostCapture ?? [...index.captures.keys()][0] ?? '';

  // 1. LOG-target lines matched to captured packets by IP ID, addresses, protocol and ports (±1 ms).
  let bootOffset: ClockOffset | null = null;
  for (const [artifact, logs] of index.logs) {
    if (!bootArtifacts.has(artifact)) continue;
    const diffs: number[] = [];
    let ingress = 0;
    for (const l of logs) {
      const f = l.packet;
      if (!f || f.id === null || l.time?.clock !== 'boot') continue;
      const p = hostPackets.find((q) => q.ipId === f.id && q.src === f.src && q.dst === f.dst && (f.sport === null || q.sport === f.sport));
      if (!p) continue;
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

  // 3. Pattern: drops in a since-boot trace against the packets of failed flows (±5 ms).
  let patternOffsetFound: ClockOffset | null = null;
  if (!bootOffset) {
    const failedTimes = flows.filter((f) => f.symptom).flatMap((f) => f.symptom!.evidence.map((p) => p.packet.tUs / 1e6));
    for (const artifact of bootArtifacts) {
      const drops = (index.events.get(artifact) ?? []).filter((e) => e.type === 'kfree_skb' && e.time?.clock === 'boot' && e.protocol !== 34525).map((e) => e.time!.value);
      const found = patternOffset(drops, failedTimes, 0.005, headerOffset?.offset ?? null, headerOffset ? 7200 + 60 : Infinity);
      if (found && found.matched >= 2) {
        patternOffsetFound = { artifact, offset: found.offset, uncertainty: Math.max(found.spread / 2, 0.005), method: `${found.matched} drop event(s) of ${artifact} aligned with unanswered packets (pattern match)` };
        break;
      }
    }
  }

  const chosen = bootOffset ?? patternOffsetFound ?? headerOffset;
  if (chosen) {
    for (const artifact of bootArtifacts) {
      offsets.set(artifact, artifact === chosen.artifact ? chosen : { ...chosen, artifact, method: `same boot clock as ${chosen.artifact}: ${chosen.method}` });
    }
  }

  // Times of day: the capture's date, and the timezone shift (a multiple of 15 min) that lines the events up.
  const packetTimes = hostPackets.map((p) => p.tUs / 1e6);
  for (const artifact of todArtifacts) {
    if (packetTimes.length === 0) continue;
    const first = packetTimes[0];
    const midnight = Math.floor(first / 86400) * 86400;
    const tuples: TimedTuple[] = (index.events.get(artifact) ?? []).filter((e) => e.time?.clock === 'time-of-day').map((e) => ({ t: e.time!.value, src: e.tuple?.src ?? null, dst: e.tuple?.dst ?? null, proto: e.tuple?.proto ?? null }));
    let best = { shift: 0, matched: -1 };
    for (let q = -56; q <= 56; q++) {
      const shift = q * 900;
      let matched = 0;
      for (const ev of tuples) {
        const t = midnight + ev.t + shift;
        if (packetTimes.some((p) => Math.abs(p - t) < 0.05 || Math.abs(p - t - 86400) < 0.05 || Math.abs(p - t + 86400) < 0.05)) matched++;
      }
      if (matched > best.matched || (matched === best.matched && Math.abs(shift) < Math.abs(best.shift))) best = { shift, matched };
    }
    offsets.set(artifact, {
      artifact, offset: midnight + best.shift, uncertainty: best.matched > 0 ? 0.05 : 3600,
      method: best.matched > 0 ? `time of day placed on ${new Date(midnight * 1000).toISOString().slice(0, 10)} (date of ${capture})${best.shift ? `, shifted ${best.shift / 3600} h` : ''}: ${best.matched} event(s) line up with packets` : `time of day placed on the capture's date, timezone unknown (assumed UTC)`,
    });
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
