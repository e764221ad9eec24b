import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import type { BundledFile } from '../shared/ipc/contract';
import { IpcError } from './ipc-error';

/**
 * Files of the case folder that are not artifacts: EXPECTED.md is the answer key of the fixture (what the verdict
 * should be), so the demo must not hand it to the engine as evidence. build/electron-builder.yml leaves it out too.
 */
export const demoCaseExcluded = new Set(['EXPECTED.md']);

/** Demo artifacts cross IPC whole, so they stay small: the bundled case is ~200 KB; this is a guard, not a budget. */
export const demoCaseMaxBytes = 16 * 1024 * 1024;

/** Where the running app finds the demo case. */
export interface DemoCaseLocation {
  isPackaged: boolean;
  /** `process.resourcesPath` in a packaged app (extraResources copies the case to `<resources>/demo-case`). */
  resourcesPath: string;
  /** `app.getAppPath()`: the repository root in development. */
  appPath: string;
}

/** The demo case folder: the fixture in the repository during development, the bundled copy once packaged. */
export function demoCaseDirectory(location: DemoCaseLocation): string {
  return location.isPackaged
    ? join(location.resourcesPath, 'demo-case')
    : join(location.appPath, 'test', 'fixtures', 'cases', 'hidden-hook');
}

/** Reads every artifact of the demo case (regular files, sorted by name, hidden files and the answer key skipped). */
export async function loadDemoCase(directory: string, maxBytes = demoCaseMaxBytes): Promise<BundledFile[]> {
  const entries = await nodeFs.readdir(directory, { withFileTypes: true }).catch((error: unknown) => {
    throw new IpcError('not-found', `the demo case is missing (${directory}): ${(error as Error).message}`);
  });
  const names = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && !demoCaseExcluded.has(e.name))
    .map((e) => e.name)
    .sort();
  const files: BundledFile[] = [];
  let total = 0;
  for (const name of names) {
    const bytes = await nodeFs.readFile(join(directory, name));
    total += bytes.byteLength;
    if (total > maxBytes) throw new IpcError('io-error', `the demo case is larger than ${maxBytes} bytes`);
    // A plain Uint8Array (not a Buffer view of Node's shared pool) so structured clone sends only these bytes.
    files.push({ name, bytes: new Uint8Array(bytes) });
  }
  return files;
}
