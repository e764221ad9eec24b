import type { Annotation } from '../model/annotation';
import type { Verdict } from '../model/verdict';
import { isoToMicros, timeOfDay } from './report-time';
import { markKey } from './timeline-figure';

// Annotations appear in place: a note on a finding under its verdict, a note on a timeline mark beside that
// row of the finding's timeline, a note on an artifact line beside the evidence excerpt that quotes it, a note
// on a time range in every finding whose timeline overlaps it. A note whose target the report does not show
// (a line no finding quotes, a finding that is gone) is still printed: with its artifact in the inventory, or
// among the other notes. Every note has one number, shown on the figure's badges too.

/** One annotation with its number in the report and where it points, in words. */
export interface PlacedAnnotation {
  number: number;
  annotation: Annotation;
  /** `on the finding`, `on dmesg.txt line 3`, `on 19:01:36.065443 – 19:01:41.185726`. */
  where: string;
}

/** The notes of one finding, by place. */
export interface FindingNotes {
  /** Notes on the finding itself and on time ranges overlapping its timeline. */
  general: PlacedAnnotation[];
  /** By timeline entry index. */
  timeline: Map<number, PlacedAnnotation[]>;
  /** By evidence index. */
  evidence: Map<number, PlacedAnnotation[]>;
  /** Figure badges: `markKey(artifact, ref)` → note numbers. */
  badges: Map<string, number[]>;
}

/** Where every annotation of the case goes in the report. */
export interface AnnotationPlaces {
  all: PlacedAnnotation[];
  findings: FindingNotes[];
  /** Notes on lines of an artifact that no finding quotes, by artifact name. */
  artifacts: Map<string, PlacedAnnotation[]>;
  /** Notes whose target is in neither the findings nor the inventory. */
  unplaced: PlacedAnnotation[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function describe(a: Annotation): string {
  const t = a.target;
  switch (t.kind) {
    case 'finding':
      return `on the finding ${t.flow}`;
    case 'mark':
      return `on ${t.artifact} ${t.ref}`;
    case 'line':
      return `on ${t.artifact} line ${t.line}`;
    case 'range':
      return `on ${timeOfDay(t.from)} – ${timeOfDay(t.to)} UTC`;
  }
}

/** Places the annotations of a case into the report's findings and inventory. */
export function placeAnnotations(verdict: Verdict, annotations: Annotation[]): AnnotationPlaces {
  const all = annotations.map((annotation, i) => ({ number: i + 1, annotation, where: describe(annotation) }));
  const findings: FindingNotes[] = verdict.findings.map(() => ({ general: [], timeline: new Map(), evidence: new Map(), badges: new Map() }));
  const artifacts = new Map<string, PlacedAnnotation[]>();
  const unplaced: PlacedAnnotation[] = [];
  const artifactNames = new Set(verdict.artifacts.map((a) => a.name));

  for (const placed of all) {
    const target = placed.annotation.target;
    let shown = false;
    if (target.kind === 'finding') {
      const notes = findings[target.findingIndex];
      if (notes && Number.isInteger(target.findingIndex)) {
        notes.general.push(placed);
        shown = true;
      }
    } else if (target.kind === 'range') {
      const from = isoToMicros(target.from);
      const to = isoToMicros(target.to);
      verdict.findings.forEach((f, i) => {
        const times = f.timeline.map((e) => isoToMicros(e.t)).filter((t): t is number => t !== null);
        if (from === null || to === null || times.length === 0) return;
        if (Math.min(...times) <= Math.max(from, to) && Math.max(...times) >= Math.min(from, to)) {
          findings[i].general.push(placed);
          shown = true;
        }
      });
    } else {
      const ref = target.kind === 'mark' ? target.ref : `line ${target.line}`;
      verdict.findings.forEach((f, i) => {
        const row = f.timeline.findIndex((e) => e.artifact === target.artifact && e.ref === ref);
        if (row >= 0) {
          push(findings[i].timeline, row, placed);
          push(findings[i].badges, markKey(target.artifact, ref), placed.number);
          shown = true;
          return;
        }
        const quote = f.evidence.findIndex((e) => e.artifact === target.artifact && e.ref === ref);
        if (quote >= 0) {
          push(findings[i].evidence, quote, placed);
          shown = true;
        }
      });
      if (!shown && artifactNames.has(target.artifact)) {
        push(artifacts, target.artifact, placed);
        shown = true;
      }
    }
    if (!shown) unplaced.push(placed);
  }
  return { all, findings, artifacts, unplaced };
}
