import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportPdf } from '../../electron/pdf-export';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const fakePdf = new TextEncoder().encode('%PDF-1.7\n%fake\n%%EOF\n');

describe('exportPdf', () => {
  it('prints the HTML through the printer and writes its PDF bytes to the target', async () => {
    const out = tempDir();
    const scratch = tempDir();
    const seen: string[] = [];
    const result = await exportPdf('<h1>Dropped at LOCAL_IN</h1>', join(out, 'report.pdf'), async (htmlFile) => {
      seen.push(readFileSync(htmlFile, 'utf8'));
      return fakePdf;
    }, scratch);
    expect(result).toEqual({ path: join(out, 'report.pdf') });
    expect(seen).toEqual(['<h1>Dropped at LOCAL_IN</h1>']);
    expect(readFileSync(join(out, 'report.pdf'))).toEqual(Buffer.from(fakePdf));
    expect(readdirSync(scratch)).toEqual([]); // the temporary HTML is gone
  });

  it('refuses what is not a PDF as unavailable and leaves the old file alone', async () => {
    const out = tempDir();
    const target = join(out, 'report.pdf');
    writeFileSync(target, 'previous');
    await expect(exportPdf('<p>x</p>', target, async () => new TextEncoder().encode('<html>'), tempDir())).rejects.toMatchObject({
      code: 'unavailable',
      message: 'the printer did not return a PDF',
    });
    expect(readFileSync(target, 'utf8')).toBe('previous');
  });

  it('turns a printer failure into unavailable and cleans up', async () => {
    const scratch = tempDir();
    const target = join(tempDir(), 'report.pdf');
    await expect(
      exportPdf('<p>x</p>', target, async () => {
        throw new Error('no printer backend');
      }, scratch),
    ).rejects.toMatchObject({ code: 'unavailable', message: 'printing to PDF failed: no printer backend' });
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(scratch)).toEqual([]);
  });
});
