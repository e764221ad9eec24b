import type { Annotation } from '../../../shared/model/annotation';
import { plainCopy } from '../app/plain-copy';

/**
 * Whether undo captures an action (Excalidraw's capture policy, `CaptureUpdateAction`): `immediately` records it
 * as one undo step; `never` applies it without a step — for changes the engineer did not make by hand (a case
 * opened, notes re-linked after a new verdict), which undo must neither revert nor trip over.
 * Ref: https://github.com/excalidraw/excalidraw/blob/master/packages/element/src/store.ts (CaptureUpdateAction)
 */
export type CapturePolicy = 'immediately' | 'never';

/** One named action on the annotations: what undo calls it, whether undo captures it. */
export interface AnnotationAction {
  label: string;
  capture: CapturePolicy;
  /** True when it replaces the whole set (a different case): the history of the old set means nothing after it. */
  resetsHistory?: boolean;
}

/** Every action the annotations know. */
export const annotationActions = {
  add: { label: 'Add note', capture: 'immediately' },
  edit: { label: 'Edit note', capture: 'immediately' },
  remove: { label: 'Delete note', capture: 'immediately' },
  load: { label: 'Open case', capture: 'never', resetsHistory: true },
  relink: { label: 'Re-link notes to findings', capture: 'never' },
} as const satisfies Record<string, AnnotationAction>;

/** An action's name. */
export type AnnotationActionName = keyof typeof annotationActions;

/**
 * One annotation's change: what it was (null: did not exist) and what it became (null: deleted), with its place in
 * the list. Steps hold changes per id, not snapshots of the list, so undo reverts exactly what the step did even
 * after uncaptured changes to other notes.
 */
export interface AnnotationChange {
  id: string;
  before: Annotation | null;
  after: Annotation | null;
  /** Index in the list where `before` stood (for re-inserting it where it was). */
  index: number;
}

/** One undo step: the action that made it and its changes. */
export interface HistoryStep {
  action: AnnotationActionName;
  changes: AnnotationChange[];
}

/** Applies one side of a step's changes to a list: `after` for redo, `before` for undo. */
export function applyChanges(list: Annotation[], changes: AnnotationChange[], side: 'before' | 'after'): Annotation[] {
  const next = [...list];
  const ordered = side === 'before' ? [...changes].reverse() : changes;
  for (const change of ordered) {
    const value = change[side];
    const at = next.findIndex((a) => a.id === change.id);
    if (value === null) {
      if (at >= 0) next.splice(at, 1);
    } else if (at >= 0) next.splice(at, 1, plainCopy(value));
    else next.splice(Math.min(change.index, next.length), 0, plainCopy(value));
  }
  return next;
}
