import { onBeforeUnmount, onMounted } from 'vue';
import { useAnnotationStore } from '../../stores/annotation-store';

/** True when the key goes to something that edits text (its own undo applies there), or to the Monaco view. */
function editingText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.monaco-editor') !== null;
}

/** Ctrl/Cmd+Z undoes the last note action, Ctrl/Cmd+Shift+Z and Ctrl+Y redo it — outside text fields. */
export function useHistoryKeys(): void {
  const store = useAnnotationStore();
  function onKey(event: KeyboardEvent): void {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || editingText(event.target)) return;
    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) {
      event.preventDefault();
      store.undo();
    } else if ((key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey)) {
      event.preventDefault();
      store.redo();
    }
  }
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
