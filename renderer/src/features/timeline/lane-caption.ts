import type { ClockOffset } from '../../../../shared/model/verdict';
import type { LaneMarks } from '../../engine/timeline-data';

/** `±1 ms`, `±50 ms`, `±40 µs`, `±1.5 s`: an uncertainty in seconds, in the unit that reads shortest. */
export function uncertaintyText(seconds: number): string {
  const trim = (v: number) => String(Number(v.toPrecision(3)));
  if (seconds >= 1) return `${trim(seconds)} s`;
  if (seconds >= 1e-3) return `${trim(seconds * 1e3)} ms`;
  return `${trim(seconds * 1e6)} µs`;
}

/** Words from the catalogues (vue-i18n's `t`, passed in so these stay plain functions). */
export type Words = (key: string, named?: Record<string, unknown>, plural?: number) => string;

const counted = (t: Words, lane: LaneMarks): string =>
  t(lane.refKind === 'packet' ? 'app.timeline.lane.packets' : 'app.timeline.lane.marks', { count: lane.times.length }, lane.times.length);

/** The lane's second line: how its times were put on the wall clock (offset ± uncertainty; the method follows). */
export function laneCaption(t: Words, lane: LaneMarks | null, clock: ClockOffset | undefined): string {
  if (!lane) return t('app.timeline.lane.notLoaded');
  switch (lane.clock) {
    case 'wall':
      return t('app.timeline.lane.wall');
    case 'finding':
      return t('app.timeline.lane.finding');
    case 'boot':
    case 'time-of-day': {
      if (!clock) return t(lane.clock === 'boot' ? 'app.timeline.lane.bootUnplaced' : 'app.timeline.lane.todUnplaced');
      const offset = lane.clock === 'boot' ? `+${clock.offset.toFixed(3)} s` : `+date ${new Date(clock.offset * 1000).toISOString().slice(0, 10)}`;
      return `${offset} ±${uncertaintyText(clock.uncertainty)}`;
    }
  }
}

/** The lane's tooltip: its marks, and the clock's method in full (the method is the engine's own words). */
export function laneTitle(t: Words, lane: LaneMarks | null, clock: ClockOffset | undefined): string {
  if (!lane) return t('app.timeline.lane.notLoadedTitle');
  const count = `${lane.artifact}: ${counted(t, lane)}`;
  const unplaced = lane.unplaced ? `; ${t('app.timeline.lane.notPlaced', { count: lane.unplaced }, lane.unplaced)}` : '';
  return clock ? `${count}${unplaced}\n${t('app.timeline.lane.clock', { offset: clock.offset.toFixed(6), uncertainty: clock.uncertainty, method: clock.method })}` : `${count}${unplaced}`;
}

/** The method in a few words for the lane label (the whole sentence is the tooltip); empty for wall-clock lanes. */
export function methodShort(t: Words, lane: LaneMarks | null, clock: ClockOffset | undefined): string {
  if (!lane) return '';
  if (lane.clock === 'finding') return t('app.timeline.lane.counters');
  if (lane.clock === 'wall') return counted(t, lane);
  if (!clock) return t('app.timeline.lane.noOffset');
  const m = clock.method;
  if (/same boot clock as/.test(m)) return t('app.timeline.lane.shares', { artifact: /same boot clock as ([^:]+)/.exec(m)?.[1] ?? '?' });
  if (/LOG line/.test(m)) return t('app.timeline.lane.logPcap');
  if (/time of day/.test(m)) return t('app.timeline.lane.matched');
  if (/pattern/.test(m)) return t('app.timeline.lane.pattern');
  return m.length > 40 ? `${m.slice(0, 38)}…` : m;
}
