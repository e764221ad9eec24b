import { onScopeDispose, watch } from 'vue';
import { createCaseFile, serializeCaseFile } from '../../../../shared/case/case-file';
import type { Debounced, Timers } from '../../app/debounce';
import { createDebounce } from '../../app/debounce';
import type { Platform } from '../../platform/platform';
import { useAnnotationStore } from '../../stores/annotation-store';
import { useCaseFileStore } from '../../stores/case-file-store';
import { useCaseStore } from '../../stores/case-store';
import { useSelectionStore } from '../../stores/selection-store';
import { useTimelineStore } from '../../stores/timeline-store';
import { caseSnapshot, isEmptyCase } from './case-snapshot';

/** Quiet time after the last change before the case is saved: long enough to batch typing and zooming. */
export const autosaveDelayMs = 1200;

/** Options of the autosave (tests pass fake timers and a clock). */
export interface AutosaveOptions {
  delayMs?: number;
  timers?: Timers;
  now?: () => Date;
}

/**
 * Saves the case through the platform shortly after each change (debounced): in the browser into its local store
 * (a new entry on the first save), on the desktop into the case's `.hookline` file once it has one (the first
 * save asks where, so it is the engineer's "Save case"). Content equal to the last save is not written again.
 */
export function useCaseAutosave(platform: Platform, options: AutosaveOptions = {}): { debounced: Debounced; saveNow: (ask?: boolean) => Promise<void> } {
  const caseStore = useCaseStore();
  const annotations = useAnnotationStore();
  const selection = useSelectionStore();
  const timeline = useTimelineStore();
  const caseFile = useCaseFileStore();
  const now = options.now ?? (() => new Date());

  /** Saves now; `ask` lets the desktop ask where when the case has no file yet. */
  async function saveNow(ask = false): Promise<void> {
    const content = caseSnapshot();
    if (isEmptyCase(content)) return;
    const key = JSON.stringify(content);
    if (!ask && key === caseFile.savedContent && caseFile.status === 'saved') return;
    if (!ask && platform.name === 'electron' && caseFile.location === null) {
      // The desktop writes a file the engineer chose: until then the case is unsaved, not silently put somewhere.
      caseFile.markFailed('not saved yet: use Save case to choose its file');
      return;
    }
    caseFile.markSaving();
    const at = now().toISOString();
    const result = await platform.saveCase(serializeCaseFile(createCaseFile(content, at)), caseFile.location);
    if (result.ok) caseFile.markSaved(result.value.location, at, key);
    else if (result.code === 'cancelled') caseFile.status = caseFile.savedContent === null ? 'new' : 'pending';
    else caseFile.markFailed(result.message);
  }

  const debounced = createDebounce(() => saveNow(false), options.delayMs ?? autosaveDelayMs, options.timers);

  watch(
    [() => caseStore.verdict, () => caseStore.artifacts, () => caseStore.restored, () => annotations.annotations, () => selection.finding, () => selection.artifact, () => timeline.zoom],
    () => {
      const content = caseSnapshot();
      if (isEmptyCase(content) || JSON.stringify(content) === caseFile.savedContent) return;
      caseFile.markPending();
      debounced.schedule();
    },
    { deep: true },
  );

  const onHide = () => void debounced.flush();
  globalThis.addEventListener?.('pagehide', onHide);
  onScopeDispose(() => {
    globalThis.removeEventListener?.('pagehide', onHide);
    debounced.cancel();
  });
  return { debounced, saveNow };
}
