import { defineStore } from 'pinia';
import { plainCopy } from '../app/plain-copy';
import { computed, ref, shallowRef } from 'vue';
import type { Annotation, AnnotationTarget } from '../../../shared/model/annotation';
import type { AnnotationActionName, AnnotationChange, HistoryStep } from './annotation-history';
import { annotationActions, applyChanges } from './annotation-history';

/** How many undo steps are kept; older ones are forgotten. */
export const historyLimit = 200;

function newId(): string {
  // randomUUID needs a secure context: the app's origins (app://, 127.0.0.1, file) are; a fallback keeps tests and odd hosts going.
  return globalThis.crypto?.randomUUID?.() ?? `n-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * The engineer's notes (durable: saved with the case) and their undo history (per session: a reopened case starts
 * with an empty history, as an editor does). Every change goes through a named action whose capture policy says
 * whether undo records it.
 */
export const useAnnotationStore = defineStore('annotations', () => {
  /** The notes, in the order they were written. */
  const annotations = ref<Annotation[]>([]);
  /** Steps that undo reverts, newest last. */
  const undoStack = shallowRef<HistoryStep[]>([]);
  /** Steps that redo re-applies, newest last. */
  const redoStack = shallowRef<HistoryStep[]>([]);

  const canUndo = computed(() => undoStack.value.length > 0);
  const canRedo = computed(() => redoStack.value.length > 0);
  /** `Undo Add note`, for the button's title. */
  const undoLabel = computed(() => (canUndo.value ? `Undo ${annotationActions[undoStack.value.at(-1)!.action].label}` : 'Nothing to undo'));
  const redoLabel = computed(() => (canRedo.value ? `Redo ${annotationActions[redoStack.value.at(-1)!.action].label}` : 'Nothing to redo'));

  /** Runs an action's changes and records them when its policy captures it. */
  function run(action: AnnotationActionName, changes: AnnotationChange[]): void {
    if (changes.length === 0) return;
    annotations.value = applyChanges(annotations.value, changes, 'after');
    const policy = annotationActions[action];
    if (policy.capture === 'immediately') {
      undoStack.value = [...undoStack.value, { action, changes }].slice(-historyLimit);
      redoStack.value = [];
    }
  }

  /** Writes a new note on a target; returns it. */
  function add(target: AnnotationTarget, text: string, author: string, at = new Date().toISOString()): Annotation {
    const note: Annotation = { id: newId(), target: plainCopy(target), text, author, at };
    run('add', [{ id: note.id, before: null, after: note, index: annotations.value.length }]);
    return note;
  }

  /** Changes a note's text (and stamps who and when). An unknown id or the same text changes nothing. */
  function edit(id: string, text: string, author: string, at = new Date().toISOString()): void {
    const index = annotations.value.findIndex((a) => a.id === id);
    if (index < 0) return;
    const before = annotations.value[index];
    if (before.text === text) return;
    run('edit', [{ id, before: plainCopy(before), after: { ...plainCopy(before), text, author, at }, index }]);
  }

  /** Deletes a note. */
  function remove(id: string): void {
    const index = annotations.value.findIndex((a) => a.id === id);
    if (index < 0) return;
    run('remove', [{ id, before: plainCopy(annotations.value[index]), after: null, index }]);
  }

  function undo(): void {
    const step = undoStack.value.at(-1);
    if (!step) return;
    annotations.value = applyChanges(annotations.value, step.changes, 'before');
    undoStack.value = undoStack.value.slice(0, -1);
    redoStack.value = [...redoStack.value, step];
  }

  function redo(): void {
    const step = redoStack.value.at(-1);
    if (!step) return;
    annotations.value = applyChanges(annotations.value, step.changes, 'after');
    redoStack.value = redoStack.value.slice(0, -1);
    undoStack.value = [...undoStack.value, step];
  }

  /** Replaces every note (a case opened, a new case): not undoable, and the old history is dropped. */
  function load(next: Annotation[]): void {
    annotations.value = plainCopy(next);
    if (annotationActions.load.resetsHistory) {
      undoStack.value = [];
      redoStack.value = [];
    }
  }

  /**
   * After a new verdict, points finding notes at the finding of the same flow (findings are re-ordered when
   * artifacts are added). Not captured: the engineer did not do it, and undo of their own steps still works.
   */
  function relinkFindings(flows: string[]): void {
    const changes: AnnotationChange[] = [];
    annotations.value.forEach((note, index) => {
      if (note.target.kind !== 'finding') return;
      const found = flows.indexOf(note.target.flow);
      if (found < 0 || found === note.target.findingIndex) return;
      changes.push({ id: note.id, before: plainCopy(note), after: { ...plainCopy(note), target: { ...note.target, findingIndex: found } }, index });
    });
    run('relink', changes);
  }

  return { annotations, undoStack, redoStack, canUndo, canRedo, undoLabel, redoLabel, add, edit, remove, undo, redo, load, relinkFindings };
});
