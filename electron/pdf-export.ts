import * as nodeFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { IpcError } from './ipc-error';

/** Prints an HTML file to PDF bytes: main passes a hidden window's `webContents.printToPDF`; tests pass a fake. */
export type HtmlPrinter = (htmlFile: string) => Promise<Uint8Array>;

/** What a PDF file starts with; anything else from the printer is not a PDF and is not written. Ref: ISO 32000-1 §7.5.2. */
const pdfMagic = '%PDF-';

/**
 * Renders `html` through `print` and writes the PDF atomically to `target`. The HTML goes through a private
 * temporary file (loading a multi-megabyte report as a data: URL hits URL length limits), removed afterwards.
 */
export async function exportPdf(html: string, target: string, print: HtmlPrinter, temporaryRoot = tmpdir()): Promise<{ path: string }> {
  const directory = await nodeFs.mkdtemp(join(temporaryRoot, 'hookline-pdf-'));
  try {
    const htmlFile = join(directory, 'report.html');
    await nodeFs.writeFile(htmlFile, html, { encoding: 'utf8', mode: 0o600 });
    let pdf: Uint8Array;
    try {
      pdf = await print(htmlFile);
    } catch (error) {
      throw new IpcError('unavailable', `printing to PDF failed: ${(error as Error).message}`);
    }
    if (!startsWith(pdf, pdfMagic)) throw new IpcError('unavailable', 'the printer did not return a PDF');
    await writeFileAtomic(target, pdf);
    return { path: target };
  } finally {
    await nodeFs.rm(directory, { recursive: true, force: true });
  }
}

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  if (bytes.byteLength < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix.charCodeAt(i)) return false;
  return true;
}
