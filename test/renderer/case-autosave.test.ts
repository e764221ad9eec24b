// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { parseCaseFile } from '../../shared/case/case-file';
import type { Verdict } from '../../shared/model/verdict';
import { createDebounce } from '../../renderer/src/app/debounce';
import { useCaseActions } from '../../renderer/src/features/case/use-case-actions';
import { useCaseAutosave } from '../../renderer/src/features/case/use-case-autosave';
import type { Platform } from '../../renderer/src/platform/platform';
import { useAnnotationStore } from '../../renderer/src/stores/annotation-store';
import { useCaseFileStore } from '../../renderer/src/stores/case-file-store';
import { useCaseStore } from '../../renderer/src/stores/case-store';
import { useSelectionStore } from '../../renderer/src/stores/selection-store';
import { useTimelineStore } from '../../renderer/src/stores/timeline-store';
import { memoryEngine } from './memory-engine';
import { sampleFinding } from './sample-verdict';

const sha = (c: string) => c.repeat(64);
const verdict: Verdict = {
  artifacts: [
    { name: 'srv-eth0.pcap', format: 'pcap', sha256: sha('a'), records: 51, warnings: [], size: 4869 },
    { name: 'dmesg.txt', format: 'dmesg', sha256: sha('b'), records: 10, warnings: [], size: 1492 },
  ],
  findings: [sampleFinding],
  missing: [],
  clocks: [],
  notes: [],
};
const mark = { kind: 'mark' as const, artifact: 'dmesg.txt', ref: 'line 3', t: '2026-11-24T19:01:36.065443Z' };

/** A platform whose case storage is a map, like the browser host's IndexedDB store. */
function storingPlatform(name: Platform['name'] = 'browser') {
  const stored = new Map<string, string>();
  let n = 0;
  const saveCase = vi.fn(async (content: string, location: string | null) => {
    const key = location ?? (name === 'browser' ? `case ${++n}` : '/home/li/c2.hookline');
    stored.set(key, content);
    return { ok: true as const, value: { location: key } };
  });
  const platform: Platform = {
    name,
    pickArtifacts: async () => [],
    loadDemoCase: async () => ({ ok: false, code: 'unavailable', message: 'no demo' }),
    saveCase,
    openCase: async (location) => (location && stored.has(location) ? { ok: true, value: { path: location, content: stored.get(location)! } } : { ok: false, code: 'not-found', message: `no case ${location}` }),
    recentCases: async () => ({ ok: true, value: [...stored.keys()].reverse() }),
    exportReport: async (file) => ({ ok: true, value: { location: file } }),
    exportPdf: async () => ({ ok: false, code: 'unavailable', message: 'no pdf' }),
    onMenuAction: () => () => {},
  };
  return { platform, saveCase, stored };
}

beforeEach(() => {
  setActivePinia(createPinia());
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createDebounce', () => {
  test('runs once after the last call, never two runs at once, and flush runs a pending call now', async () => {
    const runs: number[] = [];
    let release: () => void = () => {};
    const run = vi.fn(async () => {
      runs.push(Date.now());
      await new Promise<void>((resolve) => (release = resolve));
    });
    const debounced = createDebounce(run, 1000);
    debounced.schedule();
    vi.advanceTimersByTime(600);
    debounced.schedule();
    vi.advanceTimersByTime(999);
    await Promise.resolve();
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(run).toHaveBeenCalledTimes(1));
    debounced.schedule();
    const flushed = debounced.flush();
    await Promise.resolve();
    expect(run).toHaveBeenCalledTimes(1); // the second run waits for the first
    release();
    await vi.waitFor(() => expect(run).toHaveBeenCalledTimes(2));
    release();
    await flushed;
    expect(debounced.pending).toBe(false);
  });
});

describe('case autosave', () => {
  test('an empty case is never saved', async () => {
    const { platform, saveCase } = storingPlatform();
    effectScope().run(() => useCaseAutosave(platform, { delayMs: 1000 }));
    useSelectionStore().selectFinding(null);
    await nextTick();
    vi.advanceTimersByTime(5000);
    expect(saveCase).not.toHaveBeenCalled();
  });

  test('changes within the delay make one save, of the latest content; equal content is not written again', async () => {
    const { platform, saveCase, stored } = storingPlatform();
    effectScope().run(() => useCaseAutosave(platform, { delayMs: 1000, now: () => new Date('2026-11-24T19:20:00.000Z') }));
    const caseStore = useCaseStore();
    const notes = useAnnotationStore();
    const caseFile = useCaseFileStore();
    caseStore.setVerdict(verdict);
    await nextTick();
    notes.add(mark, 'first', 'li.wei');
    await nextTick();
    vi.advanceTimersByTime(500);
    notes.add(mark, 'second', 'li.wei');
    useTimelineStore().setZoom({ fromUs: 1, toUs: 2 });
    await nextTick();
    expect(caseFile.status).toBe('pending');
    vi.advanceTimersByTime(999);
    expect(saveCase).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(caseFile.status).toBe('saved'));
    expect(saveCase).toHaveBeenCalledTimes(1);
    const saved = parseCaseFile(stored.get('case 1')!);
    if (!saved.ok) throw new Error(saved.message);
    expect(saved.value.annotations.map((a) => a.text)).toEqual(['first', 'second']);
    expect(saved.value.view).toEqual({ finding: null, artifact: null, zoom: { fromUs: 1, toUs: 2 } });
    expect(saved.value.artifacts.map((a) => [a.name, a.sha256])).toEqual([['srv-eth0.pcap', sha('a')], ['dmesg.txt', sha('b')]]);
    expect([caseFile.location, caseFile.savedAt]).toEqual(['case 1', '2026-11-24T19:20:00.000Z']);

    // Undo then redo comes back to the saved content: nothing to write.
    notes.undo();
    notes.redo();
    await nextTick();
    vi.advanceTimersByTime(2000);
    expect(saveCase).toHaveBeenCalledTimes(1);
    // A real change is written to the same entry.
    useSelectionStore().selectFinding(0);
    await nextTick();
    vi.advanceTimersByTime(1000);
    await vi.waitFor(() => expect(saveCase).toHaveBeenCalledTimes(2));
    expect(saveCase.mock.calls[1][1]).toBe('case 1');
  });

  test('on the desktop nothing is written until the engineer chose the file; then autosave writes there', async () => {
    const { platform, saveCase } = storingPlatform('electron');
    const autosave = effectScope().run(() => useCaseAutosave(platform, { delayMs: 1000 }))!;
    const caseFile = useCaseFileStore();
    useCaseStore().setVerdict(verdict);
    await nextTick();
    vi.advanceTimersByTime(1000);
    await vi.waitFor(() => expect(caseFile.status).toBe('error'));
    expect(saveCase).not.toHaveBeenCalled();
    expect(caseFile.message).toBe('not saved yet: use Save case to choose its file');
    await autosave.saveNow(true);
    expect(saveCase).toHaveBeenLastCalledWith(expect.any(String), null);
    expect(caseFile.location).toBe('/home/li/c2.hookline');
    useAnnotationStore().add(mark, 'later', 'li.wei');
    await nextTick();
    vi.advanceTimersByTime(1000);
    await vi.waitFor(() => expect(saveCase).toHaveBeenCalledTimes(2));
    expect(saveCase.mock.calls[1][1]).toBe('/home/li/c2.hookline');
  });

  test('reopening a saved case restores notes, verdict and view, lists its artifacts to add again, and does not write it back', async () => {
    const { platform, saveCase } = storingPlatform();
    effectScope().run(() => useCaseAutosave(platform, { delayMs: 1000 }));
    const caseStore = useCaseStore();
    const notes = useAnnotationStore();
    const selection = useSelectionStore();
    caseStore.setVerdict(verdict);
    notes.add(mark, 'resguard drops c2', 'li.wei');
    selection.selectFinding(0);
    selection.openEvidence('dmesg.txt', 'line 3');
    useTimelineStore().setZoom({ fromUs: 10, toUs: 20 });
    await nextTick();
    vi.advanceTimersByTime(1000);
    await vi.waitFor(() => expect(saveCase).toHaveBeenCalledTimes(1));

    // A fresh session (a reload): new stores, the case reopened from the store by its name.
    setActivePinia(createPinia());
    const told: string[] = [];
    const { client } = memoryEngine();
    effectScope().run(() => useCaseAutosave(platform, { delayMs: 1000 }));
    const actions = useCaseActions(platform, client, (message) => told.push(message));
    expect(await actions.recentCases()).toEqual(['case 1']);
    expect(await actions.openCase('case 1')).toBe(true);
    await nextTick();
    expect(useAnnotationStore().annotations.map((a) => [a.text, a.target])).toEqual([['resguard drops c2', mark]]);
    expect(useAnnotationStore().canUndo).toBe(false);
    expect(useCaseStore().findings).toEqual([sampleFinding]);
    expect(useCaseStore().artifacts).toEqual([]);
    expect(useCaseStore().missingArtifacts.map((a) => a.name)).toEqual(['srv-eth0.pcap', 'dmesg.txt']);
    expect([useSelectionStore().finding, useSelectionStore().artifact, useTimelineStore().zoom]).toEqual([0, 'dmesg.txt', { fromUs: 10, toUs: 20 }]);
    expect(useCaseFileStore().location).toBe('case 1');
    expect(told).toEqual(['Reopened "case 1". Add its 2 artifacts again (drop the files or the folder) to see their marks and text.']);
    vi.advanceTimersByTime(5000);
    expect(saveCase).toHaveBeenCalledTimes(1);

    // The same file added again is fine; other bytes under its name are flagged.
    useCaseStore().addArtifact({ ...verdict.artifacts[0], name: 'hidden-hook/srv-eth0.pcap' });
    useCaseStore().addArtifact({ ...verdict.artifacts[1], sha256: sha('c') });
    expect(useCaseStore().missingArtifacts).toEqual([]);
    expect(useCaseStore().changedArtifacts).toEqual([{ name: 'dmesg.txt', savedAs: 'dmesg.txt', savedSha256: sha('b'), sha256: sha('c') }]);
  });

  test('a case file that does not parse is said, and the workbench is left as it was', async () => {
    const { platform, stored } = storingPlatform();
    stored.set('broken', '{"format":"hookline-case","version":0}');
    const told: string[] = [];
    const actions = useCaseActions(platform, memoryEngine().client, (message) => told.push(message));
    useAnnotationStore().add(mark, 'keep me', 'x');
    expect(await actions.openCase('broken')).toBe(false);
    expect(told).toEqual(['broken: case file version 0 is not one Hookline ever wrote']);
    expect(useAnnotationStore().annotations.map((a) => a.text)).toEqual(['keep me']);
  });
});
