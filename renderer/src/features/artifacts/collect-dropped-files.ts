import { rememberArtifactPath } from '../../platform/artifact-path';

// Minimal shapes of the File and Directory Entries API (`webkitGetAsEntry`), which lib.dom types only loosely.
// Ref: https://wicg.github.io/entries-api/
interface DroppedEntry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
}
interface DroppedFileEntry extends DroppedEntry {
  file(success: (file: File) => void, failure?: (error: unknown) => void): void;
}
interface DroppedDirectoryEntry extends DroppedEntry {
  createReader(): { readEntries(success: (entries: DroppedEntry[]) => void, failure?: (error: unknown) => void): void };
}

function fileOf(entry: DroppedFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function childrenOf(directory: DroppedDirectoryEntry): Promise<DroppedEntry[]> {
  const reader = directory.createReader();
  const all: DroppedEntry[] = [];
  // readEntries hands out at most 100 entries per call (Chromium): call until it answers with none.
  for (;;) {
    const batch = await new Promise<DroppedEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function walk(entry: DroppedEntry, into: File[]): Promise<void> {
  if (entry.isFile) {
    const file = await fileOf(entry as DroppedFileEntry);
    into.push(rememberArtifactPath(file, entry.fullPath || file.name));
  } else if (entry.isDirectory) {
    const children = await childrenOf(entry as DroppedDirectoryEntry);
    children.sort((a, b) => a.name.localeCompare(b.name));
    for (const child of children) await walk(child, into);
  }
}

/**
 * Every file of a drop, folders walked recursively (each file named by its path inside the dropped folder).
 * The entries are taken synchronously, before the first await: a DataTransfer is emptied once its event is over.
 * Items without an entry (a DataTransfer built by script) fall back to `getAsFile`.
 */
export async function collectDroppedFiles(transfer: DataTransfer): Promise<File[]> {
  const taken: Array<DroppedEntry | File> = [];
  for (const item of [...transfer.items]) {
    if (item.kind !== 'file') continue;
    const entry = (item.webkitGetAsEntry?.() ?? null) as DroppedEntry | null;
    const file = entry ? null : item.getAsFile();
    if (entry) taken.push(entry);
    else if (file) taken.push(file);
  }
  if (taken.length === 0 && transfer.files.length > 0) return [...transfer.files];
  const files: File[] = [];
  for (const thing of taken) {
    if (thing instanceof File) files.push(thing);
    else {
      try {
        await walk(thing, files);
      } catch {
        // An entry the browser will not read (permissions, a vanished file) is skipped: the rest still come in.
      }
    }
  }
  return files;
}
