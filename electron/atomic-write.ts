import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { dirname } from 'node:path';

/** The part of `node:fs/promises` an atomic write needs; tests pass a wrapper that fails on purpose. */
export interface AtomicWriteFs {
  open: typeof nodeFs.open;
  rename: typeof nodeFs.rename;
  unlink: typeof nodeFs.unlink;
}

/** The temporary name beside `file`: same directory, so the final rename never crosses a filesystem. */
export function temporaryName(file: string, pid = process.pid, random = randomBytes(6).toString('hex')): string {
  return `${file}.tmp-${pid}-${random}`;
}

/**
 * Writes `data` to `file` so that a reader sees either the old file or the whole new one, never half of it:
 * write a temporary file in the same directory, fsync it, rename it over the target, then fsync the directory
 * so the rename itself survives a power cut. The temporary file is removed if anything fails.
 * Ref: rename(2) is atomic within one filesystem; "Ensuring data reaches disk", LWN 457667.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, fs: AtomicWriteFs = nodeFs): Promise<void> {
  const temporary = temporaryName(file);
  // 'wx': never follow or reuse an existing path (a planted symlink at the temporary name fails instead).
  const handle = await fs.open(temporary, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(file), fs);
}

/** fsync of a directory: makes a rename durable on Linux; Windows cannot open directories, so it is best effort. */
async function syncDirectory(directory: string, fs: AtomicWriteFs): Promise<void> {
  let handle: nodeFs.FileHandle | undefined;
  try {
    handle = await fs.open(directory, 'r');
    await handle.sync();
  } catch {
    // Not supported here (Windows, some network filesystems): the data itself is already synced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
