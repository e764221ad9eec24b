import type { AnnotationTarget } from '../../../../shared/model/annotation';
import type { Finding } from '../../../../shared/model/verdict';
import type { LineRef, MarkRef, SelectionFocus, TimeRange } from '../../stores/selection-store';
import { microsToIso } from '../../text/iso-micros';
import { flowText } from '../findings/finding-text';

/** A target offered to a new note, with the selection it comes from. */
export interface TargetChoice {
  focus: SelectionFocus;
  target: AnnotationTarget;
}

/** What a new note can be pinned to right now, most specific first; the last-touched one is the default. */
export function noteTargets(selection: { finding: number | null; mark: MarkRef | null; range: TimeRange | null; line: LineRef | null }, findings: Finding[]): TargetChoice[] {
  const choices: TargetChoice[] = [];
  if (selection.mark) choices.push({ focus: 'mark', target: { kind: 'mark', artifact: selection.mark.artifact, ref: selection.mark.ref, t: selection.mark.t } });
  if (selection.line) choices.push({ focus: 'line', target: { kind: 'line', artifact: selection.line.artifact, line: selection.line.line } });
  if (selection.range) choices.push({ focus: 'range', target: { kind: 'range', from: microsToIso(selection.range.fromUs), to: microsToIso(selection.range.toUs) } });
  const finding = selection.finding !== null ? findings[selection.finding] : undefined;
  if (finding) choices.push({ focus: 'finding', target: { kind: 'finding', findingIndex: selection.finding!, flow: flowText(finding.flow) } });
  return choices;
}
