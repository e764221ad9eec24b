// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test } from 'vitest';
import type { AnnotationTarget } from '../../shared/model/annotation';
import { annotationActions } from '../../renderer/src/stores/annotation-history';
import { historyLimit, useAnnotationStore } from '../../renderer/src/stores/annotation-store';
import { renderMarkdown } from '../../renderer/src/features/annotations/render-markdown';

const dropMarker: AnnotationTarget = { kind: 'mark', artifact: 'bpftrace-kfree_skb.txt', ref: 'line 7', t: '2026-11-24T19:01:41.185726Z' };
const line: AnnotationTarget = { kind: 'line', artifact: 'iptables-save-after.txt', line: 11 };
const finding: AnnotationTarget = { kind: 'finding', findingIndex: 0, flow: '10.0.2.8:43482 → 10.0.0.3:20202 tcp' };

beforeEach(() => {
  setActivePinia(createPinia());
});

function texts(): string[] {
  return useAnnotationStore().annotations.map((a) => a.text);
}

describe('annotation store: named actions with a capture policy', () => {
  test('every action says whether undo captures it', () => {
    expect(Object.fromEntries(Object.entries(annotationActions).map(([name, a]) => [name, a.capture]))).toEqual({ add: 'immediately', edit: 'immediately', remove: 'immediately', load: 'never', relink: 'never' });
  });

  test('add, edit and delete are undone and redone in order, and a new action clears redo', () => {
    const store = useAnnotationStore();
    const a = store.add(dropMarker, 'resguard drops c2', 'li.wei', '2026-11-24T19:12:00.000Z');
    const b = store.add(line, 'counter 0 → 6', 'li.wei', '2026-11-24T19:13:00.000Z');
    store.edit(a.id, 'resguard (Yunsuo?) drops c2', 'wang.fang', '2026-11-24T19:14:00.000Z');
    store.remove(b.id);
    expect(texts()).toEqual(['resguard (Yunsuo?) drops c2']);
    expect(store.annotations[0]).toMatchObject({ author: 'wang.fang', at: '2026-11-24T19:14:00.000Z', target: dropMarker });
    expect(store.undoLabel).toBe('Undo Delete note');

    store.undo();
    expect(texts()).toEqual(['resguard (Yunsuo?) drops c2', 'counter 0 → 6']);
    store.undo();
    expect(texts()).toEqual(['resguard drops c2', 'counter 0 → 6']);
    expect(store.annotations[0].author).toBe('li.wei');
    store.undo();
    store.undo();
    expect(texts()).toEqual([]);
    expect(store.canUndo).toBe(false);
    store.undo(); // nothing left: no change, no error
    expect(store.redoLabel).toBe('Redo Add note');

    store.redo();
    store.redo();
    expect(texts()).toEqual(['resguard drops c2', 'counter 0 → 6']);
    store.add(finding, 'tell the customer', 'li.wei');
    expect(store.canRedo).toBe(false);
  });

  test('a deleted note comes back where it was', () => {
    const store = useAnnotationStore();
    const notes = ['one', 'two', 'three'].map((t) => store.add(line, t, 'x'));
    store.remove(notes[1].id);
    expect(texts()).toEqual(['one', 'three']);
    store.undo();
    expect(texts()).toEqual(['one', 'two', 'three']);
  });

  test('edits that change nothing and unknown ids are not steps', () => {
    const store = useAnnotationStore();
    const a = store.add(line, 'same', 'x');
    store.edit(a.id, 'same', 'x');
    store.edit('nope', 'other', 'x');
    store.remove('nope');
    expect(store.undoStack.map((s) => s.action)).toEqual(['add']);
  });

  test('opening a case (never captured) replaces the notes and drops the old history', () => {
    const store = useAnnotationStore();
    store.add(line, 'old case note', 'x');
    store.load([{ id: 'k', target: finding, text: 'saved note', author: 'li.wei', at: '2026-11-24T19:12:00.000Z' }]);
    expect(texts()).toEqual(['saved note']);
    expect([store.canUndo, store.canRedo]).toEqual([false, false]);
  });

  test('re-linking notes to re-ordered findings is not an undo step, and undo of earlier steps still works', () => {
    const store = useAnnotationStore();
    const note = store.add(finding, 'c2 note', 'x');
    store.add(line, 'line note', 'x');
    store.relinkFindings(['10.0.2.8 → 10.0.0.3 icmp', '10.0.2.8:43482 → 10.0.0.3:20202 tcp']);
    expect(store.annotations[0].target).toEqual({ ...finding, findingIndex: 1 });
    expect(store.undoStack.map((s) => s.action)).toEqual(['add', 'add']);
    store.undo();
    expect(texts()).toEqual(['c2 note']);
    expect(store.annotations[0].id).toBe(note.id);
    expect(store.annotations[0].target).toEqual({ ...finding, findingIndex: 1 });
    // A flow no longer among the findings keeps its last index.
    store.relinkFindings([]);
    expect(store.annotations[0].target).toEqual({ ...finding, findingIndex: 1 });
  });

  test(`the history keeps the last ${historyLimit} steps`, () => {
    const store = useAnnotationStore();
    for (let i = 0; i < historyLimit + 5; i++) store.add(line, `n${i}`, 'x');
    expect(store.undoStack.length).toBe(historyLimit);
    while (store.canUndo) store.undo();
    expect(texts()).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
  });
});

describe('renderMarkdown', () => {
  test('renders Markdown, never HTML from the note, and no images or scripts', () => {
    // (happy-dom's parser loses the outer <p> that Chromium keeps; the e2e test checks the page's rendering.)
    expect(renderMarkdown('Vendor module **resguard** drops `10.0.2.8`')).toContain('Vendor module <strong>resguard</strong> drops <code>10.0.2.8</code>');
    const hostile = renderMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)> ![x](http://evil.example/x.png) [link](javascript:alert(1))');
    // Raw HTML stays text, an image is a plain link, a javascript: link is not a link at all.
    expect(hostile).not.toMatch(/<script|<img|href="javascript/);
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;');
    expect(hostile).toContain('[link](javascript:alert(1))');
    expect(renderMarkdown('see https://example.com/ticket/1')).toContain('<a href="https://example.com/ticket/1" target="_blank" rel="noopener noreferrer">');
  });
});
