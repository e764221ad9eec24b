// End-to-end tests of the web renderer in Debian's Chromium (playwright-core, no browser download, ever):
// boot under the CSP, drop a real artifact, load the demo case, page through records, export, cancel a big read.
// Prints `e2e: N passed, M failed` last and exits non-zero when anything failed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { chromium } from 'playwright-core';
import { serveStatic } from './static-server.mjs';
import { ensureWebBuild } from './web-build.mjs';
import { runWorkbenchScenarios } from './workbench-e2e.mjs';

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const fixture = 'test/fixtures/cases/hidden-hook/srv-eth0.pcap';
const screenshot = 'test-results/e2e-artifact-dropped.png';
// The pcap format may not be registered yet: then the file is honestly `unknown`. Once a format registers
// `pcapFormat`, the drop must detect it as `pcap` with packets.
const pcapRegistered = /\bpcapFormat\b/.test(readFileSync('shared/formats/registry.ts', 'utf8'));

const results = [];
/** The demo case as the web build lists it (written by scripts/copy-demo-case.mjs). */
let demoIndex = { files: [] };

async function scenario(name, run) {
  const started = Date.now();
  try {
    await run();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  ✗ ${name}\n      ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n      ')}`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

function same(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Opens the app in a fresh page, collecting console errors, page errors, CSP violations and request hosts. */
async function openApp(browser, url, viewport = { width: 1400, height: 900 }, contextOptions = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  const foreign = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    const target = new URL(request.url());
    if (!['data:', 'blob:'].includes(target.protocol) && target.host !== new URL(url).host) foreign.push(request.url());
  });
  page.on('worker', (worker) => worker.on('console', (message) => message.type() === 'error' && problems.push(`worker: ${message.text()}`)));
  // Runs before any page script (through the DevTools protocol, so the page's CSP does not apply to it).
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  await page.getByTestId('drop-zone').waitFor();
  return { context, page, problems, foreign };
}

/** Drops files on the window the way a file manager would: a DataTransfer built in the page from the bytes. */
async function dropFiles(page, files) {
  const payload = files.map((f) => ({ name: f.name, base64: f.bytes ? Buffer.from(f.bytes).toString('base64') : null, zeros: f.zeros ?? 0 }));
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const f of list) {
      const bytes = f.base64 !== null ? Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0)) : new Uint8Array(f.zeros);
      data.items.add(new File([bytes], f.name));
    }
    return data;
  }, payload);
  await page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
}

function doneRow(page, name) {
  return page.locator(`[data-testid="artifact-row"][data-state="done"][data-name="${name}"]`);
}

async function main() {
  mkdirSync('test-results', { recursive: true });
  console.log(`e2e: web build ${ensureWebBuild()}`);
  demoIndex = JSON.parse(readFileSync('out/web/demo-case/index.json', 'utf8'));
  // The browser host's IndexedDB helper, transpiled as is, on a bare test page of the same server.
  const keyValueStore = transformSync(readFileSync('renderer/src/platform/key-value-store.ts', 'utf8'), { loader: 'ts', format: 'esm' }).code;
  const extra = new Map([
    ['/__test__/index.html', { type: 'text/html; charset=utf-8', body: '<!doctype html><title>test</title>' }],
    ['/__test__/key-value-store.js', { type: 'text/javascript; charset=utf-8', body: keyValueStore }],
  ]);
  const plain = await serveStatic('out/web', { extra });
  const isolated = await serveStatic('out/web', { isolated: true });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  try {
    const { context, page, problems, foreign } = await openApp(browser, plain.url);

    await scenario('boots with no console error, no page error and no CSP violation', async () => {
      await page.waitForTimeout(300);
      same(problems, [], 'problems');
      same(await page.evaluate(() => window.__csp), [], 'CSP violations');
      same(await page.evaluate(() => document.title), 'Hookline', 'title');
      expect((await page.getByTestId('artifact-row').count()) === 0, 'a new case lists no artifact');
    });

    await scenario('runs in the browser host: window.hookline is absent', async () => {
      same(await page.evaluate(() => 'hookline' in window), false, "'hookline' in window");
    });

    await scenario(`a dropped ${fixture} is listed with its format and sha256sum's prefix`, async () => {
      const bytes = readFileSync(fixture);
      await dropFiles(page, [{ name: 'srv-eth0.pcap', bytes }]);
      const row = doneRow(page, 'srv-eth0.pcap');
      await row.waitFor({ timeout: 15000 });
      const sha = execFileSync('sha256sum', [fixture], { encoding: 'utf8' }).split(/\s+/)[0];
      same(await row.getByTestId('artifact-sha').textContent(), sha.slice(0, 12), 'SHA-256 prefix');
      same(await row.getByTestId('artifact-sha').getAttribute('title'), `SHA-256 ${sha}`, 'full SHA-256 in the title');
      same(await row.getByTestId('artifact-format').textContent(), pcapRegistered ? 'pcap' : 'unknown', 'format');
      const records = Number((await row.getByTestId('artifact-records').textContent()).replace(/\D/g, ''));
      expect(pcapRegistered ? records > 0 : records === 0, `record count ${records}`);
      await page.screenshot({ path: screenshot });
    });

    await scenario('"Load demo case" lists every demo file once (the dropped copy is not doubled)', async () => {
      await page.getByTestId('load-demo').click();
      const names = demoIndex.files.map((f) => f.name);
      await page.waitForFunction((count) => document.querySelectorAll('[data-testid="artifact-row"][data-state="done"]').length === count && document.querySelectorAll('[data-testid="artifact-row"]:not([data-state="done"])').length === 0, names.length, { timeout: 20000 });
      const listed = await page.locator('[data-testid="artifact-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
      same([...listed].sort(), [...names].sort(), 'listed artifacts');
      for (const file of demoIndex.files) {
        same(await doneRow(page, file.name).getByTestId('artifact-sha').textContent(), file.sha256.slice(0, 12), `SHA-256 of ${file.name}`);
      }
      same(await page.getByTestId('verdict-artifacts').textContent(), String(names.length), 'verdict artifact count');
    });

    await scenario('selecting an artifact shows its full SHA-256 and its record count from the worker', async () => {
      const file = demoIndex.files.find((f) => f.name === 'dmesg.txt');
      await doneRow(page, 'dmesg.txt').locator('.artifact-name').click();
      const detail = page.getByTestId('artifact-detail');
      await detail.waitFor();
      expect((await detail.textContent()).includes(file.sha256), 'full SHA-256 shown');
      const listed = Number((await doneRow(page, 'dmesg.txt').getByTestId('artifact-records').textContent()).replace(/\D/g, ''));
      // dmesg yields one record per line it reads, so the worker's page total is the count in the list.
      await page.waitForFunction((n) => document.querySelector('[data-testid="record-count"]')?.textContent?.replace(/\D/g, '') === String(n), listed, { timeout: 5000 });
      const paged = Number((await detail.getByTestId('record-count').textContent()).replace(/\D/g, ''));
      if (paged > 0) await detail.locator('.record-line .record-where').first().waitFor();
      await page.screenshot({ path: 'test-results/e2e-demo-case.png' });
    });

    await scenario('"Export verdict" downloads the verdict JSON with every artifact', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-verdict').click()]);
      same(download.suggestedFilename(), 'hookline-verdict.json', 'file name');
      const verdict = JSON.parse(readFileSync(await download.path(), 'utf8'));
      same(verdict.artifacts.map((a) => a.name).sort(), demoIndex.files.map((f) => f.name).sort(), 'exported artifacts');
      expect(Array.isArray(verdict.findings) && Array.isArray(verdict.missing), 'findings and missing are lists');
      // The findings list renders exactly the verdict's findings, each naming its flow.
      same(await page.getByTestId('finding-row').count(), verdict.findings.length, 'finding rows');
      for (const [i, finding] of verdict.findings.entries()) {
        const text = await page.getByTestId('finding-row').nth(i).textContent();
        expect(text.includes(`${finding.flow.src}`) && text.includes(`${finding.flow.dst}`), `finding ${i} names ${finding.flow.src} → ${finding.flow.dst}`);
      }
      same(await page.getByTestId('missing-command').count(), verdict.missing.length, 'missing commands');
    });

    await scenario('no request left the local server; still no console error or CSP violation', async () => {
      same(foreign, [], 'requests to other hosts');
      same(problems, [], 'problems');
      same(await page.evaluate(() => window.__csp), [], 'CSP violations');
      expect(plain.requests.includes('/demo-case/index.json'), 'the demo case came from the web build');
    });
    await context.close();

    await scenario('"Add folder…" reads every file of the folder, named by its path inside it', async () => {
      const app = await openApp(browser, plain.url);
      const [chooser] = await Promise.all([app.page.waitForEvent('filechooser'), app.page.getByTestId('add-folder').click()]);
      expect(chooser.isMultiple(), 'the folder picker takes many files');
      await chooser.setFiles('test/fixtures/cases/hidden-hook');
      const expected = readdirSync('test/fixtures/cases/hidden-hook').map((name) => `hidden-hook/${name}`).sort();
      await app.page.waitForFunction((count) => document.querySelectorAll('[data-testid="artifact-row"][data-state="done"]').length === count, expected.length, { timeout: 20000 });
      const listed = await app.page.locator('[data-testid="artifact-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
      same([...listed].sort(), expected, 'artifact names');
      same(app.problems, [], 'problems');
      await app.context.close();
    });

    await scenario('a dropped .tar.gz of a case opens in memory: every member listed with its format, the finding found', async () => {
      const app = await openApp(browser, plain.url);
      const bytes = execFileSync('tar', ['czf', '-', '-C', 'test/fixtures/cases', 'hidden-hook']);
      await dropFiles(app.page, [{ name: 'case.tar.gz', bytes }]);
      const members = readdirSync('test/fixtures/cases/hidden-hook').length;
      await app.page.waitForFunction((count) => document.querySelectorAll('[data-testid="artifact-row"][data-state="done"]').length === count, members + 1, { timeout: 20000 });
      same(await doneRow(app.page, 'case.tar.gz/hidden-hook/srv-eth0.pcap').getByTestId('artifact-format').textContent(), 'pcap', 'member format');
      await app.page.getByTestId('finding-row').first().waitFor({ timeout: 15000 });
      expect(/LOCAL_IN/.test(await app.page.getByTestId('finding-row').first().textContent()), 'the finding names LOCAL_IN');
      same(app.problems, [], 'problems');
      await app.context.close();
    });

    await scenario('a dropped sosreport (.tar.xz, decoded by WebAssembly in the worker) with the capture gives the finding; its other files are counted', async () => {
      const app = await openApp(browser, plain.url);
      const dir = 'test/fixtures/bundles/sos-iptables-nft-drop';
      const sos = readdirSync(dir).find((n) => n.endsWith('.tar.xz'));
      await dropFiles(app.page, [{ name: sos, bytes: readFileSync(`${dir}/${sos}`) }, { name: 'srv-eth0.pcap', bytes: readFileSync(`${dir}/srv-eth0.pcap`) }]);
      await app.page.getByTestId('finding-row').first().waitFor({ timeout: 30000 });
      const rows = await app.page.locator('[data-testid="artifact-row"][data-state="done"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
      expect(rows.some((n) => /sos_commands\/.*nft_list_ruleset/.test(n ?? '')), `sos command outputs listed: ${rows.join(', ')}`);
      expect(rows.length < 60, `only the outputs Hookline reads are listed (${rows.length})`);
      const finding = await app.page.getByTestId('finding-row').first().textContent();
      expect(/10\.0\.2\.8/.test(finding) && /INPUT|LOCAL_IN/.test(finding), `the finding: ${finding}`);
      same(app.problems, [], 'problems (a CSP refusal of WebAssembly would show here)');
      await app.context.close();
    });

    await scenario('the IndexedDB key-value store keeps values across page loads', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${plain.url}__test__/index.html`);
      const url = `${plain.url}__test__/key-value-store.js`;
      const first = await page.evaluate(async (src) => {
        const { openKeyValueStore } = await import(src);
        const store = openKeyValueStore('hookline-e2e', 'cases');
        await store.set('b case', { content: '{"n":2}', savedAt: '2026-11-24T19:00:02Z' });
        await store.set('a case', { content: '{"n":1}', savedAt: '2026-11-24T19:00:01Z' });
        await store.set('b case', { content: '{"n":3}', savedAt: '2026-11-24T19:00:03Z' });
        await store.delete('nothing');
        return { entries: await store.entries(), missing: (await store.get('nothing')) ?? null };
      }, url);
      same(first, { entries: [['a case', { content: '{"n":1}', savedAt: '2026-11-24T19:00:01Z' }], ['b case', { content: '{"n":3}', savedAt: '2026-11-24T19:00:03Z' }]], missing: null }, 'stored entries');
      await page.reload();
      const second = await page.evaluate(async (src) => {
        const { openKeyValueStore } = await import(src);
        const store = openKeyValueStore('hookline-e2e', 'cases');
        const kept = await store.get('b case');
        await store.delete('a case');
        return { kept, keys: (await store.entries()).map(([key]) => key) };
      }, url);
      same(second, { kept: { content: '{"n":3}', savedAt: '2026-11-24T19:00:03Z' }, keys: ['b case'] }, 'after reload');
      await context.close();
    });

    for (const [label, server, shared] of [['shared-memory', isolated, true], ['message', plain, false]]) {
      await scenario(`cancelling a big read removes it (${label} cancel)`, async () => {
        const app = await openApp(browser, server.url);
        same(await app.page.evaluate(() => crossOriginIsolated), shared, 'crossOriginIsolated');
        await dropFiles(app.page, [{ name: 'huge.bin', zeros: 128 * 1024 * 1024 }, { name: 'after.txt', bytes: Buffer.from('kept\n') }]);
        const reading = app.page.locator('[data-testid="artifact-row"][data-name="huge.bin"]');
        await app.page.locator('[data-testid="artifact-row"][data-name="huge.bin"][data-state="reading"]').waitFor({ timeout: 10000 });
        await reading.getByTestId('artifact-cancel').click();
        await doneRow(app.page, 'after.txt').waitFor({ timeout: 20000 });
        await reading.waitFor({ state: 'detached', timeout: 20000 });
        same(await app.page.locator('[data-testid="artifact-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name'))), ['after.txt'], 'rows left');
        same(app.problems, [], 'problems');
        await app.context.close();
      });
    }

    await runWorkbenchScenarios(browser, plain.url, { scenario, expect, same, openApp, dropFiles });
  } finally {
    await browser.close();
    await plain.close();
    await isolated.close();
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  const passed = results.filter((r) => r.ok).length;
  console.log(`e2e: ${passed} passed, ${results.length - passed + 1} failed`);
  process.exitCode = 1;
});
