// @vitest-environment happy-dom
import { describe, expect, test } from 'vitest';
import { artifactPath, rememberArtifactPath } from '../../renderer/src/platform/artifact-path';
import { collectDroppedFiles } from '../../renderer/src/features/artifacts/collect-dropped-files';

// Fakes of the Entries API as Chromium hands it out: directories read in batches of at most 100 entries.
interface FakeEntry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?: (ok: (f: File) => void) => void;
  createReader?: () => { readEntries(ok: (entries: FakeEntry[]) => void): void };
}

function fileEntry(fullPath: string, content = fullPath): FakeEntry {
  const name = fullPath.split('/').pop()!;
  return { isFile: true, isDirectory: false, name, fullPath, file: (ok) => ok(new File([content], name)) };
}

function directoryEntry(fullPath: string, children: FakeEntry[]): FakeEntry {
  return {
    isFile: false,
    isDirectory: true,
    name: fullPath.split('/').pop()!,
    fullPath,
    createReader: () => {
      let at = 0;
      return {
        readEntries(ok) {
          const batch = children.slice(at, at + 100);
          at += batch.length;
          ok(batch);
        },
      };
    },
  };
}

function transfer(items: Array<{ entry: FakeEntry | null; file?: File }>, files: File[] = []): DataTransfer {
  return {
    items: items.map((i) => ({ kind: 'file', webkitGetAsEntry: () => i.entry, getAsFile: () => i.file ?? null })),
    files,
  } as unknown as DataTransfer;
}

describe('collectDroppedFiles', () => {
  test('walks dropped folders (all batches of entries) and names files by their path in the drop', async () => {
    const many = Array.from({ length: 130 }, (_, i) => fileEntry(`/case/perf/part-${String(i).padStart(3, '0')}.txt`));
    const drop = transfer([
      { entry: directoryEntry('/case', [directoryEntry('/case/srv', [fileEntry('/case/srv/dmesg.txt')]), directoryEntry('/case/perf', many), fileEntry('/case/a.pcap')]) },
      { entry: fileEntry('/loose.txt') },
    ]);
    const files = await collectDroppedFiles(drop);
    const paths = files.map(artifactPath);
    expect(paths.length).toBe(133);
    // Children are sorted by name inside each folder: a.pcap, perf/, srv/.
    expect(paths.slice(0, 3)).toEqual(['case/a.pcap', 'case/perf/part-000.txt', 'case/perf/part-001.txt']);
    expect(paths.slice(-2)).toEqual(['case/srv/dmesg.txt', 'loose.txt']);
    expect(files.at(-1)!.name).toBe('loose.txt');
  });

  test('items without an entry (a DataTransfer built by script) come in through getAsFile', async () => {
    const file = new File(['x'], 'srv-eth0.pcap');
    const files = await collectDroppedFiles(transfer([{ entry: null, file }]));
    expect(files).toEqual([file]);
    expect(artifactPath(file)).toBe('srv-eth0.pcap');
  });

  test('an entry that cannot be read is skipped, the others still come in', async () => {
    const broken: FakeEntry = { isFile: true, isDirectory: false, name: 'gone', fullPath: '/gone', file: () => { throw new Error('NotFoundError'); } };
    const files = await collectDroppedFiles(transfer([{ entry: broken }, { entry: fileEntry('/kept.txt') }]));
    expect(files.map(artifactPath)).toEqual(['kept.txt']);
  });
});

describe('artifactPath', () => {
  test('prefers a remembered path, then the folder picker\'s relative path, then the name', () => {
    const picked = new File(['x'], 'nstat.txt');
    Object.defineProperty(picked, 'webkitRelativePath', { value: 'srv/nstat.txt' });
    expect(artifactPath(picked)).toBe('srv/nstat.txt');
    expect(artifactPath(rememberArtifactPath(picked, '/drop/srv/nstat.txt'))).toBe('drop/srv/nstat.txt');
    expect(artifactPath(new File(['x'], 'plain.txt'))).toBe('plain.txt');
  });
});
