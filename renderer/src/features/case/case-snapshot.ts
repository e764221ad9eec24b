import type { CaseContent } from '../../../../shared/case/case-file';
import type { CaseArtifact } from '../../../../shared/case/case-v1';
import { plainCopy } from '../../app/plain-copy';
import { useAnnotationStore } from '../../stores/annotation-store';
import { useCaseStore } from '../../stores/case-store';
import { useSelectionStore } from '../../stores/selection-store';
import { useTimelineStore } from '../../stores/timeline-store';

/**
 * What the case file keeps of the workbench right now: the artifacts (loaded ones, plus those of a reopened case
 * not added again), the verdict, the notes and the view.
 */
export function caseSnapshot(): CaseContent {
  const caseStore = useCaseStore();
  const selection = useSelectionStore();
  const timeline = useTimelineStore();
  const loaded: CaseArtifact[] = caseStore.artifacts.map((a) => ({ name: a.name, size: a.size, sha256: a.sha256, format: a.format }));
  return {
    artifacts: [...loaded, ...caseStore.missingArtifacts.map((a) => ({ ...a }))],
    verdict: caseStore.verdict ? plainCopy(caseStore.verdict) : null,
    annotations: plainCopy(useAnnotationStore().annotations),
    view: {
      finding: selection.finding,
      artifact: selection.artifact,
      zoom: timeline.zoom ? { ...timeline.zoom } : null,
    },
  };
}

/** True when there is nothing worth saving: no artifact, no verdict, no note. */
export function isEmptyCase(content: CaseContent): boolean {
  return content.artifacts.length === 0 && content.verdict === null && content.annotations.length === 0;
}
