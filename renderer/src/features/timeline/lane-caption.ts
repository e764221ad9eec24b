import type { ClockOffset } from '../../../../shared/model/verdict';
import type { LaneMarks } from '../../engine/timeline-data';

/** `±1 ms`, `±50 ms`, `±40 µs`, `±1.5 s`: an uncertainty in seconds, in the unit that reads shortest. */
export function uncertaintyText(seconds: number): string {
  const trim = (v: number) => String(Number(v.toPrecision(3)));
  if (seconds >= 1) return `${trim(seconds)} s`;
  if (seconds >= 1e-3) return `${trim(seconds * 1e3)} ms`;
  return `${trim(seconds * 1e6)} µs`;
}

/** The lane's second line: how its times were put on the wall clock (offset ± uncertainty; the method follows). */
export function laneCaption(lane: LaneMarks | null, clock: ClockOffset | undefined): string {
  if (!lane) return 'not loaded: add it again';
  switch (lane.clock) {
    case 'wall':
      return 'wall clock';
    case 'finding':
      return "at the finding's times";
    case 'boot':
    case 'time-of-day': {
      if (!clock) return `${lane.clock === 'boot' ? 'since boot' : 'time of day'}: not placed`;
      const offset = lane.clock === 'boot' ? `+${clock.offset.toFixed(3)} s` : `+date ${new Date(clock.offset * 1000).toISOString().slice(0, 10)}`;
      return `${offset} ±${uncertaintyText(clock.uncertainty)}`;
    }
  }
}

/** The lane's tooltip: its marks, and the clock's method in full. */
export function laneTitle(lane: LaneMarks | null, clock: ClockOffset | undefined): string {
  if (!lane) return 'This artifact is in the saved case but not loaded: drop it again to see its marks.';
  const count = `${lane.artifact}: ${lane.times.length.toLocaleString('en-US')} ${lane.refKind === 'packet' ? 'packets' : 'marks'}`;
  const unplaced = lane.unplaced ? `; ${lane.unplaced} not placed` : '';
  return clock ? `${count}${unplaced}\nclock: offset ${clock.offset.toFixed(6)} s ± ${clock.uncertainty} s — ${clock.method}` : `${count}${unplaced}`;
}

/** The method in a few words for the lane label (the whole sentence is the tooltip); empty for wall-clock lanes. */
export function methodShort(lane: LaneMarks | null, clock: ClockOffset | undefined): string {
  if (!lane) return '';
  if (lane.clock === 'finding') return 'rule counters, no clock';
  if (lane.clock === 'wall') return `${lane.times.length.toLocaleString('en-US')} ${lane.refKind === 'packet' ? 'packets' : 'marks'}`;
  if (!clock) return 'no offset found';
  const m = clock.method;
  if (/same boot clock as/.test(m)) return `shares ${/same boot clock as ([^:]+)/.exec(m)?.[1] ?? 'a clock'}`;
  if (/LOG line/.test(m)) return 'LOG↔pcap';
  if (/time of day/.test(m)) return 'matched to packets';
  if (/pattern/.test(m)) return 'drop pattern ↔ packets';
  return m.length > 40 ? `${m.slice(0, 38)}…` : m;
}
