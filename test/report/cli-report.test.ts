import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, printHtmlToPdf } from '../../cli/pdf-printer';
import { exportPdf } from '../../electron/pdf-export';
import { renderReport } from '../../shared/report/render-report';
import { readBundle } from '../../shared/report/report-bundle';
import { caseInput, validateHtml } from './report-kit';

// `hookline analyze PATH... --report FILE` end to end: the CLI source run by Node (through tsx), on a copy of the
// hidden-hook case without its EXPECTED.md, with SOURCE_DATE_EPOCH so the report's time is fixed.

const scratch = mkdtempSync(join(tmpdir(), 'hookline-cli-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const caseDir = join(scratch, 'hidden-hook');
mkdirSync(caseDir);
for (const name of readdirSync('test/fixtures/cases/hidden-hook')) if (name !== 'EXPECTED.md') cpSync(join('test/fixtures/cases/hidden-hook', name), join(caseDir, name));

function hookline(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/hookline.ts', 'analyze', ...args], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '1795600000', ...env }, timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('hookline analyze --report', () => {
  it('writes the HTML report, and still prints the summary', async () => {
    const out = join(scratch, 'postmortem.html');
    const run = hookline(['--report', out, caseDir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^DROPPED: tcp 10\.0\.2\.8:43482 → 10\.0\.0\.3:20202$/m);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<title>Postmortem: hidden-hook</title>');
    expect(html).toContain('2026-11-25T09:46:40.000Z');
    expect((await validateHtml(html)).valid).toBe(true);
  });

  it('writes Markdown with its figures beside it', () => {
    const out = join(scratch, 'md', 'case notes.md');
    mkdirSync(join(scratch, 'md'));
    expect(hookline([caseDir, '--report', out]).status).toBe(0);
    const files = readdirSync(join(scratch, 'md')).sort();
    expect(files).toEqual(['case notes.md', 'case-notes-finding-1-timeline.svg', 'case-notes-finding-2-timeline.svg']);
    expect(readFileSync(out, 'utf8')).toContain('](case-notes-finding-1-timeline.svg)');
  });

  it('writes the JSON bundle that another tool can read back', () => {
    const out = join(scratch, 'bundle.json');
    const run = hookline(['--json', `--report=${out}`, caseDir]);
    expect(run.status).toBe(0);
    const read = readBundle(readFileSync(out, 'utf8'));
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.input.meta).toEqual({ title: 'Postmortem: hidden-hook', caseName: 'hidden-hook', generatedAt: '2026-11-25T09:46:40.000Z', generator: 'Hookline dev (CLI)', locale: 'en' });
      expect(read.input.verdict).toEqual(JSON.parse(run.stdout));
    }
  });

  it('refuses an extension that names no format before analysing (usage error, exit 2)', () => {
    const out = join(scratch, 'report.docx');
    const run = hookline(['--report', out, caseDir]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--report');
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('without Chromium: prints the verdict, writes no PDF, says why, exits 1', () => {
    const out = join(scratch, 'none.pdf');
    const run = hookline(['--report', out, caseDir], { HOOKLINE_CHROMIUM: join(scratch, 'no-such-chromium') });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^DROPPED: tcp/m);
    expect(run.stderr).toBe(`hookline: cannot write ${out}: HOOKLINE_CHROMIUM=${join(scratch, 'no-such-chromium')} is not an executable file\n`);
    expect(existsSync(out)).toBe(false);
  });

  it('an unwritable report path is an error of the run, not a crash', () => {
    const out = join(scratch, 'missing-folder', 'r.html');
    const run = hookline(['--report', out, caseDir]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^DROPPED: tcp/m);
    expect(run.stderr).toMatch(/^hookline: cannot write .*r\.html: ENOENT/);
  });

  const chromium = findChromium();
  if (!chromium) console.warn('report PDF test skipped: no Chromium (looked for /usr/bin/chromium, chromium, google-chrome; HOOKLINE_CHROMIUM unset)');
  it.skipIf(!chromium)('prints the hidden-hook report to PDF with headless Chromium; pdftoppm renders its pages; page 1 has the summary and the figure', () => {
    const out = join(scratch, 'hidden-hook.pdf');
    const run = hookline(['--report', out, caseDir]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = spawnSync('pdftoppm', ['-png', '-r', '60', out, join(scratch, 'page')], { encoding: 'utf8' });
    expect(pages.status).toBe(0);
    const pngs = readdirSync(scratch).filter((f) => /^page-\d+\.png$/.test(f)).sort();
    expect(pngs.length).toBeGreaterThanOrEqual(1);
    for (const png of pngs) expect(readFileSync(join(scratch, png)).subarray(1, 4).toString('latin1')).toBe('PNG');
    mkdirSync('test-results', { recursive: true });
    copyFileSync(join(scratch, pngs[0]), 'test-results/report-hidden-hook-page1.png');
    // What page 1 says, as text: the summary, the first finding, and the figure's lanes and drop label.
    const text = spawnSync('pdftotext', ['-f', '1', '-l', '1', '-layout', out, '-'], { encoding: 'utf8' }).stdout;
    for (const expected of ['Postmortem: hidden-hook', 'Summary', 'Hookline analysed 10 artifacts', 'Finding 1:', 'KERNEL HOST 10.0.0.3', 'DROPPED at LOCAL_IN', 'net_hook_in_v4', 'dmesg.txt']) {
      expect(text).toContain(expected);
    }
  }, 180_000);

  it.skipIf(!chromium)('the desktop path prints the same HTML: electron/pdf-export with a Chromium printer writes a PDF', async () => {
    const target = join(scratch, 'desktop.pdf');
    const html = renderReport(caseInput(caseDir), 'html').content;
    await exportPdf(html, target, async (file) => {
      const printed = printHtmlToPdf(readFileSync(file, 'utf8'), chromium!);
      if (!printed.ok) throw new Error(printed.error);
      return printed.pdf;
    }, scratch);
    expect(readFileSync(target).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 180_000);
});
