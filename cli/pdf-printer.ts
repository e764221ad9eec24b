import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

// PDF from the CLI: the report's HTML printed by headless Chromium when one is installed — the same HTML the
// desktop app prints with Electron's printToPDF (electron/pdf-export.ts). Chromium runs with a throw-away
// profile in a private temporary folder, no network services, and no header/footer on the pages.
// Ref: https://developer.chrome.com/docs/chromium/headless (--print-to-pdf, --no-pdf-header-footer).

/** Where to look for Chromium when HOOKLINE_CHROMIUM does not name one: Debian's path, then PATH. */
const candidates = ['/usr/bin/chromium', 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Flags of a print run; the profile and output paths are added per run. */
export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions', '--no-pdf-header-footer'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to print with: `HOOKLINE_CHROMIUM` when set (and only it), else the first candidate found; null when none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.HOOKLINE_CHROMIUM) return isExecutable(env.HOOKLINE_CHROMIUM) ? env.HOOKLINE_CHROMIUM : null;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of candidates) {
    if (name.includes('/')) {
      if (isExecutable(name)) return name;
      continue;
    }
    for (const dir of dirs) if (isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** Why no PDF was written, for the user. */
export function noChromiumMessage(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOOKLINE_CHROMIUM
    ? `HOOKLINE_CHROMIUM=${env.HOOKLINE_CHROMIUM} is not an executable file`
    : `no Chromium found (looked for ${candidates.join(', ')}; set HOOKLINE_CHROMIUM to its path). Write the report as .html and print it from a browser instead`;
}

/** Prints `html` to PDF bytes with `chromium`; the bytes, or why not. Never writes outside its temporary folder. */
export function printHtmlToPdf(html: string, chromium: string, timeoutMs = 120_000): { ok: true; pdf: Uint8Array } | { ok: false; error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hookline-pdf-'));
  try {
    const htmlFile = join(dir, 'report.html');
    const pdfFile = join(dir, 'report.pdf');
    writeFileSync(htmlFile, html, { encoding: 'utf8', mode: 0o600 });
    const run = spawnSync(chromium, [...chromiumFlags, `--user-data-dir=${join(dir, 'profile')}`, `--print-to-pdf=${pdfFile}`, pathToFileURL(htmlFile).href], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
    if (run.error) return { ok: false, error: `${chromium} did not run: ${run.error.message}` };
    if (!existsSync(pdfFile)) return { ok: false, error: `${chromium} wrote no PDF (exit ${run.status ?? run.signal}): ${(run.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` };
    const pdf = readFileSync(pdfFile);
    // Ref: ISO 32000-1 §7.5.2: a PDF file starts with %PDF-.
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return { ok: false, error: `${chromium} wrote something that is not a PDF` };
    return { ok: true, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
