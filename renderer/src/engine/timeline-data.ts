/**
 * One byte per timeline mark saying what it is (colour and level-of-detail bins depend on it). Packets by their
 * TCP flags, kernel events by type, log lines by whether a LOG rule printed a packet, rule counters from findings.
 */
export const markKind = {
  packet: 0,
  syn: 1,
  rst: 2,
  icmp: 3,
  drop: 4,
  event: 5,
  probeReturn: 6,
  log: 7,
  logPacket: 8,
  counter: 9,
} as const;

/** A mark kind's byte value. */
export type MarkKind = (typeof markKind)[keyof typeof markKind];

/** How a lane's times were put on the wall clock. */
export type LaneClock = 'wall' | 'boot' | 'time-of-day' | 'finding';

/**
 * One artifact's marks as columns (never an object per mark): they travel from the worker as transferred buffers.
 * Sorted by time; `refs[i]` is the packet number or line number the verdict's `ref` names ("packet N", "line N").
 */
export interface LaneMarks {
  artifact: string;
  format: string;
  /** The host the lane is grouped under (its capture's address, or the kernel host). */
  host: string;
  clock: LaneClock;
  refKind: 'packet' | 'line';
  /** µs since the epoch on the corrected wall clock, ascending. */
  times: Float64Array;
  kinds: Uint8Array;
  refs: Uint32Array;
  /** Records with a time that could not be placed (their since-boot clock has no offset in the verdict). */
  unplaced: number;
}

/** Lanes of one host, in drawing order. */
export interface LaneGroup {
  /** `kernel host 10.0.0.3`, `host 10.0.2.8`. */
  label: string;
  lanes: LaneMarks[];
}

/** An artifact without a lane, and why (no time in it, or nothing to draw). */
export interface OffTimeline {
  artifact: string;
  format: string;
  why: string;
}

/** Everything the timeline draws besides the selected finding, prepared by the worker. */
export interface TimelineData {
  groups: LaneGroup[];
  offTimeline: OffTimeline[];
  /** The earliest and latest mark, µs; null when nothing has a time. */
  extent: [number, number] | null;
  /** Total marks over all lanes. */
  marks: number;
}

/** The buffers of a timeline, for a transfer instead of a copy. */
export function timelineBuffers(data: TimelineData): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const group of data.groups) {
    for (const lane of group.lanes) buffers.push(lane.times.buffer as ArrayBuffer, lane.kinds.buffer as ArrayBuffer, lane.refs.buffer as ArrayBuffer);
  }
  return buffers;
}
