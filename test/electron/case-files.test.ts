import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCaseFile, withExtension, writeCaseFile } from '../../electron/case-files';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

describe('case files', () => {
  it('reads a case file as its path and JSON text', async () => {
    const file = join(tempDir(), 'demo.hookline');
    writeFileSync(file, '{"version":1,"annotations":[]}');
    expect(await readCaseFile(file)).toEqual({ path: file, content: '{"version":1,"annotations":[]}' });
  });

  it('writes atomically and reads back what it wrote', async () => {
    const file = join(tempDir(), 'saved.hookline');
    expect(await writeCaseFile(file, '{"version":1}')).toEqual({ path: file });
    expect(readFileSync(file, 'utf8')).toBe('{"version":1}');
    expect((await readCaseFile(file)).content).toBe('{"version":1}');
  });

  it('refuses a file that is not JSON as bad-case-file', async () => {
    const file = join(tempDir(), 'capture.pcap');
    writeFileSync(file, new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]));
    await expect(readCaseFile(file)).rejects.toMatchObject({ code: 'bad-case-file', message: expect.stringContaining('not JSON') });
  });

  it('refuses a file over the size limit before reading it', async () => {
    const file = join(tempDir(), 'big.hookline');
    writeFileSync(file, JSON.stringify({ pad: 'x'.repeat(200) }));
    await expect(readCaseFile(file, 100)).rejects.toMatchObject({ code: 'bad-case-file', message: expect.stringContaining('at most 100 bytes') });
  });

  it('refuses content over the size limit when writing, and writes nothing', async () => {
    const file = join(tempDir(), 'big.hookline');
    await expect(writeCaseFile(file, 'é'.repeat(60), 100)).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(readCaseFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a directory as not-found', async () => {
    await expect(readCaseFile(tempDir())).rejects.toMatchObject({ code: 'not-found' });
  });

  it('appends the extension only when it is missing', () => {
    expect(withExtension('case', 'hookline')).toBe('case.hookline');
    expect(withExtension('case.HOOKLINE', 'hookline')).toBe('case.HOOKLINE');
    expect(withExtension('report.html', 'pdf')).toBe('report.html.pdf');
  });
});
