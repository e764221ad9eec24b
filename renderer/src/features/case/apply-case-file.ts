import type { CaseFile } from '../../../../shared/case/migrate';
import { useAnnotationStore } from '../../stores/annotation-store';
import { useCaseStore } from '../../stores/case-store';
import { useSelectionStore } from '../../stores/selection-store';
import { useTimelineStore } from '../../stores/timeline-store';

/**
 * Puts a saved case on the workbench: its verdict and notes as saved, its artifacts listed to be added again, and
 * the view where the engineer left it (selected finding, open artifact, zoom). A finding index beyond the verdict
 * (a hand-edited file) selects nothing.
 */
export function applyCaseFile(file: CaseFile): void {
  const caseStore = useCaseStore();
  const selection = useSelectionStore();
  const timeline = useTimelineStore();
  caseStore.restore({ verdict: file.verdict, artifacts: file.artifacts });
  useAnnotationStore().load(file.annotations);
  selection.clear();
  timeline.reset();
  const findings = file.verdict?.findings.length ?? 0;
  selection.selectFinding(file.view.finding !== null && file.view.finding < findings ? file.view.finding : null);
  if (file.view.artifact) selection.openEvidence(file.view.artifact);
  timeline.setZoom(file.view.zoom ? { ...file.view.zoom } : null);
}
