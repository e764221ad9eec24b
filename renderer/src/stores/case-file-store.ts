import { defineStore } from 'pinia';
import { ref } from 'vue';

/** Where the case stands with respect to its saved copy. */
export type CaseSaveStatus = 'new' | 'pending' | 'saving' | 'saved' | 'error';

/** The case file behind the workbench: where it is saved and whether the last save went through. Transient. */
export const useCaseFileStore = defineStore('case-file', () => {
  /** Where the case is saved: a path (desktop) or a storage key (browser); null until the first save. */
  const location = ref<string | null>(null);
  const status = ref<CaseSaveStatus>('new');
  /** ISO-8601 of the last successful save. */
  const savedAt = ref<string | null>(null);
  /** Why the last save failed. */
  const message = ref<string | null>(null);
  /** The content (JSON, without its save time) last written or opened: equal content is not written again. */
  const savedContent = ref<string | null>(null);

  function markPending(): void {
    if (status.value !== 'saving') status.value = 'pending';
  }

  function markSaving(): void {
    status.value = 'saving';
  }

  function markSaved(where: string, at: string, content: string | null = savedContent.value): void {
    savedContent.value = content;
    location.value = where;
    savedAt.value = at;
    status.value = 'saved';
    message.value = null;
  }

  function markFailed(why: string): void {
    status.value = 'error';
    message.value = why;
  }

  /** A case opened from `where` with this content: saved as it is. */
  function markOpened(where: string, at: string, content: string): void {
    markSaved(where, at, content);
  }

  function reset(): void {
    location.value = null;
    status.value = 'new';
    savedAt.value = null;
    message.value = null;
    savedContent.value = null;
  }

  return { location, status, savedAt, message, savedContent, markPending, markSaving, markSaved, markFailed, markOpened, reset };
});
