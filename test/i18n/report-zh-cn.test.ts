import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../cli/pdf-printer';
import { validateHtml } from '../report/report-kit';

// The postmortem in Simplified Chinese, end to end through the CLI on the hidden-hook case: `--lang zh-CN` (and
// LANG=zh_CN.UTF-8) word the summary, the report's headings and the finding's explanation in Chinese while hook
// names, drop reasons, table / chain / rule text and commands stay as the kernel and the tools print them. The
// PDF is printed by headless Chromium and its first page rendered with pdftoppm (test-results/, looked at); pdftotext reads
// the Chinese back. (pdffonts cannot name the CJK font: Skia embeds the CFF-based Noto CJK collection as unnamed
// Type 3 fonts, as it does other glyphs; whether the glyphs are drawn, not tofu, is seen on the rendered page.) Needs Debian's fonts-noto-cjk (.ci/run installs it).

const scratch = mkdtempSync(join(tmpdir(), 'hookline-zh-report-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const caseDir = join(scratch, 'hidden-hook');
mkdirSync(caseDir);
for (const name of readdirSync('test/fixtures/cases/hidden-hook')) if (name !== 'EXPECTED.md') cpSync(join('test/fixtures/cases/hidden-hook', name), join(caseDir, name));

function hookline(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env, SOURCE_DATE_EPOCH: '1795600000', LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'cli/hookline.ts', 'analyze', ...args], { encoding: 'utf8', env: { ...base, ...env }, timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The Chinese explanation of the hidden-hook finding, with the kernel words as the artifacts print them. */
const explanationStart = '流 tcp 10.0.2.8:43482 → 10.0.0.3:20202 失败（共 6 次尝试）。其数据包在 netfilter LOCAL_IN 钩子上被 nftables table inet resguard, chain net_hook_in_v4';
const kernelWords = ['LOCAL_IN', 'NETFILTER_DROP', 'net_hook_in_v4', 'inet resguard', 'iptables filter INPUT'];

describe('the hidden-hook postmortem in zh-CN', () => {
  it('CLI: --lang zh-CN prints the summary in Chinese; LANG=zh_CN.UTF-8 picks it by default; --lang fr is a usage error', () => {
    const run = hookline(['--lang', 'zh-CN', caseDir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('丢弃: tcp 10.0.2.8:43482 → 10.0.0.3:20202');
    expect(run.stdout).toContain(explanationStart);
    expect(hookline([caseDir], { LANG: 'zh_CN.UTF-8' }).stdout).toBe(run.stdout);
    expect(hookline([caseDir]).stdout).toContain('DROPPED: tcp 10.0.2.8:43482 → 10.0.0.3:20202');
    // LC_ALL wins over LANG (POSIX precedence).
    expect(hookline([caseDir], { LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' }).stdout).toContain('DROPPED:');
    const bad = hookline(['--lang', 'fr', caseDir]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--lang fr: use en or zh-CN');
  }, 120_000);

  it('HTML: Chinese headings and explanation, lang="zh-CN", kernel words untouched, valid', async () => {
    const out = join(scratch, 'postmortem-zh.html');
    const run = hookline(['--lang', 'zh-CN', '--report', out, caseDir]);
    expect(run.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<title>故障复盘：hidden-hook</title>');
    for (const heading of ['摘要', '发现 1：', '时间线', '证据', '方法与注意事项', '下一步收集', '制品清单']) expect(html).toContain(heading);
    expect(html).toContain(explanationStart);
    expect(html).toContain('Hookline 分析了 10 个制品，发现 2 条流未能通过。');
    for (const word of kernelWords) expect(html).toContain(word);
    // The JSON verdict's English never leaks into the Chinese explanation paragraph.
    const paragraph = /<p class="explanation">([^<]*)<\/p>/.exec(html)![1];
    expect(paragraph).not.toMatch(/The flow|were dropped|kernel trace/);
    expect((await validateHtml(html)).valid).toBe(true);
  }, 120_000);

  const chromium = findChromium();
  const cjkFont = spawnSync('fc-list', [':lang=zh-cn', 'family'], { encoding: 'utf8' }).stdout ?? '';
  const hasCjk = /CJK|Noto Sans SC|WenQuanYi|Droid Sans Fallback/i.test(cjkFont);
  if (!chromium) console.warn('zh-CN PDF test skipped: no Chromium (looked for /usr/bin/chromium, chromium, google-chrome; HOOKLINE_CHROMIUM unset)');
  else if (!hasCjk) console.warn('zh-CN PDF test skipped: no CJK font (fc-list :lang=zh-cn is empty); apt-get install fonts-noto-cjk');
  it.skipIf(!chromium || !hasCjk)('PDF: printed by Chromium, page 1 rendered with pdftoppm, CJK set in a CJK font, the Chinese text extractable', () => {
    const out = join(scratch, 'hidden-hook-zh.pdf');
    const run = hookline(['--report', out, caseDir], { LANG: 'zh_CN.UTF-8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const page = spawnSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', out, join(scratch, 'zh')], { encoding: 'utf8' });
    expect(page.status).toBe(0);
    const png = readdirSync(scratch).find((f) => /^zh-0*1\.png$/.test(f))!;
    expect(readFileSync(join(scratch, png)).subarray(1, 4).toString('latin1')).toBe('PNG');
    mkdirSync('test-results', { recursive: true });
    copyFileSync(join(scratch, png), 'test-results/report-hidden-hook-zh-CN-page1.png');
    const text = spawnSync('pdftotext', ['-f', '1', '-l', '2', out, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    for (const expected of ['故障复盘：hidden-hook', '摘要', 'Hookline分析了10个制品', '发现1：', '钩子上被nftablestableinetresguard', 'LOCAL_IN', 'net_hook_in_v4']) expect(text).toContain(expected);
  }, 180_000);
});
