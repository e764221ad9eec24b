// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { ArtifactSummary } from '../../shared/model/artifact';
import type { Verdict } from '../../shared/model/verdict';
import { useCaseStore } from '../../renderer/src/stores/case-store';
import { useImportStore } from '../../renderer/src/stores/import-store';
import { useSelectionStore } from '../../renderer/src/stores/selection-store';
import { sampleFinding } from './sample-verdict';

function summary(name: string, format = 'dmesg', records = 3): ArtifactSummary {
  return { name, format, sha256: 'ab'.repeat(32), records, warnings: [], size: 100 };
}

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('useCaseStore', () => {
  test('keeps artifacts in arrival order and replaces one of the same name', () => {
    const store = useCaseStore();
    store.addArtifact(summary('b.txt'));
    store.addArtifact(summary('a.txt'));
    store.addArtifact(summary('b.txt', 'nft-ruleset', 9));
    expect(store.artifacts.map((a) => [a.name, a.format, a.records])).toEqual([
      ['b.txt', 'nft-ruleset', 9],
      ['a.txt', 'dmesg', 3],
    ]);
    expect(store.artifact('a.txt')?.records).toBe(3);
    store.removeArtifact('b.txt');
    expect(store.artifacts.map((a) => a.name)).toEqual(['a.txt']);
  });

  test('a verdict brings its findings and missing commands, and its artifact list becomes the case list', () => {
    const store = useCaseStore();
    expect(store.findings).toEqual([]);
    expect(store.missing).toEqual([]);
    store.addArtifact(summary('stale.txt'));
    const verdict: Verdict = { artifacts: [summary('srv-eth0.pcap', 'pcap', 40)], findings: [sampleFinding], missing: ['nft list ruleset'], clocks: [], notes: [] };
    store.setVerdict(verdict);
    expect(store.findings).toEqual([sampleFinding]);
    expect(store.missing).toEqual(['nft list ruleset']);
    expect(store.artifacts.map((a) => a.name)).toEqual(['srv-eth0.pcap']);
    store.reset();
    expect([store.artifacts, store.verdict, store.restored]).toEqual([[], null, []]);
  });
});

describe('useImportStore', () => {
  test('lists a batch as queued, follows progress, and lets done, cancelled and duplicate files leave', () => {
    const store = useImportStore();
    store.begin(3, [{ name: 'a.pcap', size: 10 }, { name: 'b.txt', size: 5 }, { name: 'c.txt', size: 1 }], () => {});
    expect(store.jobs.map((j) => [j.key, j.phase])).toEqual([['3:0', 'queued'], ['3:1', 'queued'], ['3:2', 'queued']]);
    expect(store.busy).toBe(true);
    store.progress({ batch: 3, index: 0, name: 'a.pcap', phase: 'reading', bytes: 5, size: 10, fraction: 0.25 });
    expect(store.jobs[0]).toMatchObject({ phase: 'reading', fraction: 0.25 });
    store.progress({ batch: 3, index: 0, name: 'a.pcap', phase: 'done', bytes: 10, size: 10, fraction: 1 });
    store.progress({ batch: 3, index: 1, name: 'b.txt', phase: 'cancelled', bytes: 0, size: 5, fraction: 0 });
    store.progress({ batch: 3, index: 2, name: 'c.txt', phase: 'duplicate', bytes: 0, size: 1, fraction: 0, message: 'already there' });
    expect(store.jobs).toEqual([]);
    expect(store.busy).toBe(false);
  });

  test('a failed file stays with its reason until dismissed', () => {
    const store = useImportStore();
    store.begin(1, [{ name: 'gone.txt', size: 1 }], () => {});
    store.progress({ batch: 1, index: 0, name: 'gone.txt', phase: 'failed', bytes: 0, size: 1, fraction: 0, message: 'could not read gone.txt' });
    expect(store.jobs.map((j) => [j.phase, j.message])).toEqual([['failed', 'could not read gone.txt']]);
    expect(store.busy).toBe(false);
    store.dismiss('1:0');
    expect(store.jobs).toEqual([]);
  });

  test('cancel reaches the batch canceller with the file index; cancelAll with null', () => {
    const store = useImportStore();
    const first = vi.fn();
    const second = vi.fn();
    store.begin(1, [{ name: 'a', size: 1 }, { name: 'b', size: 1 }], first);
    store.begin(2, [{ name: 'c', size: 1 }], second);
    store.cancel('1:1');
    expect(first).toHaveBeenCalledWith(1);
    store.cancelAll();
    expect(first).toHaveBeenLastCalledWith(null);
    expect(second).toHaveBeenCalledWith(null);
  });

  test('a batch that ends with files never reported marks them failed and forgets its canceller', () => {
    const store = useImportStore();
    const cancel = vi.fn();
    store.begin(4, [{ name: 'a', size: 1 }], cancel);
    store.end(4, 'the engine failed: worker crashed');
    expect(store.jobs.map((j) => [j.phase, j.message])).toEqual([['failed', 'the engine failed: worker crashed']]);
    store.cancelAll();
    expect(cancel).not.toHaveBeenCalled();
  });

  test('progress for an unknown job is ignored', () => {
    const store = useImportStore();
    store.progress({ batch: 9, index: 0, name: 'x', phase: 'reading', bytes: 1, size: 2, fraction: 0.5 });
    expect(store.jobs).toEqual([]);
  });
});

describe('useSelectionStore', () => {
  test('toggles the selected artifact and holds the selected finding', () => {
    const store = useSelectionStore();
    store.toggleArtifact('dmesg.txt');
    expect(store.artifact).toBe('dmesg.txt');
    store.toggleArtifact('nstat.txt');
    expect(store.artifact).toBe('nstat.txt');
    store.toggleArtifact('nstat.txt');
    expect(store.artifact).toBeNull();
    store.selectFinding(2);
    expect(store.finding).toBe(2);
    store.clear();
    expect([store.artifact, store.finding]).toEqual([null, null]);
  });
});
