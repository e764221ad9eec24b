import type { Finding } from '../../../../shared/model/verdict';
import type { LaneMarks, TimelineData } from '../../engine/timeline-data';

/** Heights in CSS pixels: a host header row and a lane row. */
export const groupRowHeight = 18;
export const laneRowHeight = 40;

/** One row of the timeline: a host header, or an artifact's lane (with its marks, or none when not loaded). */
export type TimelineRow =
  | { kind: 'group'; label: string; y: number; height: number }
  | { kind: 'lane'; artifact: string; lane: LaneMarks | null; y: number; height: number };

/** The rows, their total height and where each artifact's lane is centred. */
export interface TimelineLayout {
  rows: TimelineRow[];
  height: number;
  centre: Map<string, number>;
}

/**
 * Stacks the host groups and their lanes. Artifacts the selected finding steps through but which have no lane
 * (a reopened case before its files are added again) get empty lanes under "from the saved verdict", so the path
 * and its drop marker are always drawn.
 */
export function layoutRows(data: TimelineData | null, finding: Finding | null): TimelineLayout {
  const rows: TimelineRow[] = [];
  const centre = new Map<string, number>();
  let y = 0;
  const push = (row: TimelineRow) => {
    rows.push(row);
    if (row.kind === 'lane') centre.set(row.artifact, row.y + row.height / 2);
    y += row.height;
  };
  for (const group of data?.groups ?? []) {
    push({ kind: 'group', label: group.label, y, height: groupRowHeight });
    for (const lane of group.lanes) push({ kind: 'lane', artifact: lane.artifact, lane, y, height: laneRowHeight });
  }
  const missing = [...new Set((finding?.timeline ?? []).filter((e) => e.t !== null).map((e) => e.artifact))].filter((a) => !centre.has(a));
  if (missing.length > 0) {
    push({ kind: 'group', label: 'from the saved verdict (artifact not loaded)', y, height: groupRowHeight });
    for (const artifact of missing) push({ kind: 'lane', artifact, lane: null, y, height: laneRowHeight });
  }
  return { rows, height: y, centre };
}
