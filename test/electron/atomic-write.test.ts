import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryName, writeFileAtomic, type AtomicWriteFs } from '../../electron/atomic-write';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

describe('writeFileAtomic', () => {
  it('names the temporary file <file>.tmp-<pid>-<random> in the same directory', () => {
    expect(temporaryName('/cases/a.hookline', 4242, 'abc123')).toBe('/cases/a.hookline.tmp-4242-abc123');
    expect(temporaryName('/cases/a.hookline')).toMatch(new RegExp(`^/cases/a\\.hookline\\.tmp-${process.pid}-[0-9a-f]{12}$`));
  });

  it('writes a new file and leaves no temporary file behind', async () => {
    const dir = tempDir();
    const file = join(dir, 'case.hookline');
    await writeFileAtomic(file, '{"version":1}');
    expect(readFileSync(file, 'utf8')).toBe('{"version":1}');
    expect(readdirSync(dir)).toEqual(['case.hookline']);
  });

  it('replaces an existing file whole, bytes included', async () => {
    const dir = tempDir();
    const file = join(dir, 'report.pdf');
    writeFileSync(file, 'old content that is longer than the new one');
    await writeFileAtomic(file, new Uint8Array([0x25, 0x50, 0x44, 0x46]));
    expect([...readFileSync(file)]).toEqual([0x25, 0x50, 0x44, 0x46]);
  });

  it('keeps the old file and removes the temporary one when the rename fails', async () => {
    const dir = tempDir();
    const file = join(dir, 'case.hookline');
    writeFileSync(file, 'old');
    const failingFs: AtomicWriteFs = {
      open: nodeFs.open,
      unlink: nodeFs.unlink,
      rename: async () => {
        throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
      },
    };
    await expect(writeFileAtomic(file, 'new', failingFs)).rejects.toThrow('EXDEV');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['case.hookline']);
  });

  it('fails with ENOENT when the directory does not exist, creating nothing', async () => {
    const dir = tempDir();
    await expect(writeFileAtomic(join(dir, 'missing', 'case.hookline'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
