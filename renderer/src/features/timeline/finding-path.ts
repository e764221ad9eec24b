import type { Annotation } from '../../../../shared/model/annotation';
import type { Finding } from '../../../../shared/model/verdict';
import { isoToMicros } from '../../text/iso-micros';
import type { PathPoint, TimelineNote } from './timeline-chart';

/** The finding's timeline steps that have a time, in order; the last step of the finding is marked as the drop. */
export function pathPoints(finding: Finding | null): PathPoint[] {
  if (!finding) return [];
  const last = finding.timeline.length - 1;
  const points: PathPoint[] = [];
  finding.timeline.forEach((entry, i) => {
    const tUs = isoToMicros(entry.t);
    if (tUs === null) return;
    points.push({ artifact: entry.artifact, ref: entry.ref, tUs, what: entry.what, drop: i === last && finding.outcome !== 'delivered' });
  });
  return points;
}

/** The notes the timeline shows: flags on annotated marks, bands over annotated ranges. */
export function timelineNotes(annotations: Annotation[]): TimelineNote[] {
  const notes: TimelineNote[] = [];
  for (const a of annotations) {
    const text = `${a.author}: ${a.text}`;
    if (a.target.kind === 'mark') {
      const tUs = isoToMicros(a.target.t);
      if (tUs !== null) notes.push({ kind: 'flag', id: a.id, artifact: a.target.artifact, tUs, text });
    } else if (a.target.kind === 'range') {
      const fromUs = isoToMicros(a.target.from);
      const toUs = isoToMicros(a.target.to);
      if (fromUs !== null && toUs !== null) notes.push({ kind: 'band', id: a.id, fromUs, toUs, text });
    }
  }
  return notes;
}

/**
 * The span to show for a finding: its path with a tenth of its length before it and room after it for the drop
 * marker's label (which sits right of the last step), at least 1 ms either side.
 */
export function findingSpan(points: PathPoint[]): [number, number] | null {
  if (points.length === 0) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of points) {
    lo = Math.min(lo, p.tUs);
    hi = Math.max(hi, p.tUs);
  }
  const span = Math.max(2000, hi - lo);
  return [lo - Math.max(1000, span * 0.1), hi + Math.max(1000, span * 1.2)];
}

/**
 * The chart's whole domain: every mark, the finding's span (with the room its drop label needs) and the saved
 * zoom, with 2 % to spare either side.
 */
export function chartDomain(extent: [number, number] | null, points: PathPoint[], zoom: { fromUs: number; toUs: number } | null): [number, number] | null {
  let lo = extent ? extent[0] : Infinity;
  let hi = extent ? extent[1] : -Infinity;
  const span = findingSpan(points);
  if (span) {
    lo = Math.min(lo, span[0]);
    hi = Math.max(hi, span[1]);
  }
  if (zoom) {
    lo = Math.min(lo, zoom.fromUs);
    hi = Math.max(hi, zoom.toUs);
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  const pad = Math.max(1000, (hi - lo) * 0.02);
  return [lo - pad, hi + pad];
}
