// End-to-end scenarios of the workbench (issue 6), run by run-e2e.mjs in Debian's Chromium: the hidden-hook case
// dropped whole, its timeline ending at the drop marker, the marker opening the traced stack in Monaco, linked
// selection, annotations with undo/redo that survive a reload, a 50 000-packet capture read with a progress bar
// while the page keeps answering input, the report exports, and the timeline's frame times over a million marks.
// Screenshots go to test-results/ (look at them).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePcap } from './make-pcap.mjs';

const caseFolder = 'test/fixtures/cases/hidden-hook';
const wide = { width: 1600, height: 1000 };

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** The verdict the CLI gives for a folder: the engine's own answer, which the UI must show. */
function cliVerdict(folder) {
  return JSON.parse(execFileSync('node', ['out/cli/hookline.mjs', 'analyze', '--json', folder], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));
}

async function noProblems(app, same) {
  same(app.problems, [], 'console errors, page errors');
  same(await app.page.evaluate(() => window.__csp), [], 'CSP violations');
}

/**
 * Runs the workbench scenarios. `tools` are run-e2e.mjs's helpers: scenario, expect, same, openApp, dropFiles;
 * `url` the plain (not isolated) static server's.
 */
export async function runWorkbenchScenarios(browser, url, tools) {
  const { scenario, expect, same, openApp, dropFiles } = tools;
  mkdirSync('test-results/tmp', { recursive: true });
  // The CLI bundle must be the engine the web build bundles (both from shared/): rebuild it (esbuild, a second).
  execFileSync('node', ['scripts/build-cli.mjs'], { stdio: 'ignore' });
  const names = readdirSync(caseFolder).sort();
  const files = names.map((name) => ({ name, bytes: readFileSync(join(caseFolder, name)) }));
  const verdict = cliVerdict(caseFolder);
  const c2 = verdict.findings.find((f) => f.flow.src === '10.0.2.8' && f.flow.dport === 20202);
  const app = await openApp(browser, url, wide);
  const { page } = app;

  await scenario('the empty workbench teaches what to collect and offers the demo case', async () => {
    await page.getByTestId('empty-state').waitFor();
    const commands = await page.getByTestId('collect-command').allTextContents();
    for (const wanted of ['perf record -e skb:kfree_skb -a -g', 'iptables-save -c', 'nft -a list ruleset', 'tcpdump -i any -s 256 -w']) {
      expect(commands.some((c) => c.includes(wanted)), `the empty state shows "${wanted}"`);
    }
    await page.getByTestId('empty-load-demo').waitFor();
    await page.screenshot({ path: 'test-results/e2e-empty-state.png' });
  });

  await scenario('dropping the hidden-hook folder lists every file with its format, the c2 finding and a timeline ending at the LOCAL_IN drop marker', async () => {
    expect(c2 && c2.drop.hook === 'LOCAL_IN', 'the engine finds c2 dropped at LOCAL_IN');
    const dropped = Date.now();
    await dropFiles(page, files);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="artifact-row"][data-state="done"]').length === n, names.length, { timeout: 30000 });
    await page.getByTestId('drop-marker').waitFor();
    // Issue #8's figure (reported, not a timed test): from the drop to the finding's drop marker on screen.
    console.log(`      drop of the ${names.length} hidden-hook files → verdict and drop marker on screen: ${Date.now() - dropped} ms (target < 1000 ms)`);
    for (const artifact of verdict.artifacts) {
      const row = page.locator(`[data-testid="artifact-row"][data-state="done"][data-name="${artifact.name}"]`);
      same(await row.getByTestId('artifact-format').textContent(), artifact.format, `format of ${artifact.name}`);
      same(await row.getByTestId('artifact-sha').textContent(), artifact.sha256.slice(0, 12), `SHA-256 of ${artifact.name}`);
    }
    const c2Row = page.getByTestId('finding-row').filter({ hasText: '10.0.2.8:43482 → 10.0.0.3:20202 tcp' });
    const c2Text = await c2Row.textContent();
    expect(c2Text.includes('dropped at LOCAL_IN by nftables inet resguard / net_hook_in_v4'), `the c2 finding names the hook and owner: ${c2Text}`);
    const marker = page.getByTestId('drop-marker');
    await marker.waitFor({ state: 'visible', timeout: 10000 });
    const label = await marker.textContent();
    expect(label.includes('LOCAL_IN') && label.includes('inet resguard / net_hook_in_v4'), `drop marker label: ${label}`);
    // The marker ends the path: the last path point is the finding's last timeline step.
    const last = c2.timeline.at(-1);
    const points = page.getByTestId('path-point');
    const lastPoint = points.nth((await points.count()) - 1);
    same([await lastPoint.getAttribute('data-artifact'), await lastPoint.getAttribute('data-ref')], [last.artifact, last.ref], 'last path point');
    same(await points.count(), c2.timeline.filter((e) => e.t).length, 'one path point per timed step');
    // Since-boot lanes say how they were put on the wall clock.
    const perfLane = page.locator('[data-testid="timeline-lane"][data-artifact="perf-script-kfree_skb.txt"]');
    const perfClock = verdict.clocks.find((c) => c.artifact === 'perf-script-kfree_skb.txt');
    const caption = await perfLane.getByTestId('lane-clock').textContent();
    expect(caption.includes(`+${perfClock.offset.toFixed(3)} s`) && caption.includes('±1 ms'), `perf lane caption: ${caption}`);
    // Hook path: iptables ACCEPT then the nft chain's DROP.
    const fates = await page.getByTestId('hook-step').evaluateAll((steps) => steps.map((s) => s.getAttribute('data-fate')));
    same(fates, c2.hookPath.map((s) => (s.dropped ? 'drop' : s.verdict === 'ACCEPT' ? 'accept' : s.verdict === null ? 'unknown' : 'other')), 'hook path fates');
    await page.screenshot({ path: 'test-results/e2e-workbench-hidden-hook.png' });
  });

  await scenario('clicking the drop marker opens the traced perf line in Monaco, highlighted and coloured', async () => {
    await page.getByTestId('drop-marker').click();
    const editor = page.getByTestId('evidence-editor');
    await page.locator('[data-testid="evidence-editor"][data-status="ready"][data-artifact="perf-script-kfree_skb.txt"][data-focus-line="1426"]').waitFor({ timeout: 15000 });
    const line = editor.locator('.view-line', { hasText: 'skbaddr=0xffff88810a9b80e0' }).filter({ hasText: 'location=nft_do_chain+0x3e8' });
    await line.first().waitFor({ state: 'visible' });
    // The perf-script language tokenised it: several token classes on the one line.
    const tokens = await line.first().evaluate((el) => new Set([...el.querySelectorAll('span[class^="mtk"]')].map((s) => s.className)).size);
    expect(tokens >= 4, `perf line has ${tokens} token classes`);
    expect((await editor.locator('.focus-line').count()) === 1, 'the revealed line is decorated');
    same(await page.getByTestId('timeline').getAttribute('data-selected-mark'), `${c2.timeline.at(-1).artifact} ${c2.timeline.at(-1).ref}`, 'selected mark');
    await page.screenshot({ path: 'test-results/e2e-drop-marker-monaco.png' });
  });

  await scenario('clicking a stack line in Monaco selects its event on the timeline; clicking a packet mark opens it decoded', async () => {
    const editor = page.getByTestId('evidence-editor');
    await editor.locator('.view-line', { hasText: 'nft_do_chain_inet+0x43' }).first().click();
    await page.waitForFunction(() => document.querySelector('[data-testid="timeline"]')?.getAttribute('data-selected-mark') === 'perf-script-kfree_skb.txt line 1426');
    // A step of the finding's list: the SYN on the server capture, shown as a decoded packet.
    const synStep = c2.timeline.find((e) => e.artifact === 'srv-eth0.pcap');
    await page.getByTestId('finding-event').filter({ hasText: `srv-eth0.pcap:${synStep.ref.split(' ')[1]}` }).first().click();
    const detail = page.getByTestId('packet-detail');
    await detail.getByText(`#${synStep.ref.split(' ')[1]} ·`).waitFor({ timeout: 10000 });
    const text = await detail.textContent();
    expect(text.includes('10.0.2.8 → 10.0.0.3') && text.includes('SYN'), `packet detail: ${text}`);
    await page.locator('.record-line.selected').waitFor();
    // Back to the drop marker for the annotation below.
    await page.getByTestId('drop-marker').click();
    await page.locator('[data-testid="evidence-editor"][data-focus-line="1426"]').waitFor({ timeout: 10000 });
  });

  const note = 'Vendor module **resguard** drops `10.0.2.8` at LOCAL_IN <script>window.__pwned = 1</script>';
  await scenario('an annotation on the drop marker renders safe Markdown, shows a flag, and undo / redo take it out and back', async () => {
    await page.getByTestId('author-name').fill('li.wei');
    const target = await page.getByTestId('note-target').evaluate((s) => s.options[s.selectedIndex].text);
    expect(target.startsWith('drop marker ·'), `note target: ${target}`);
    await page.getByTestId('note-text').fill(note);
    await page.getByTestId('note-add').click();
    const card = page.getByTestId('annotation');
    await card.first().waitFor();
    same(await card.count(), 1, 'notes');
    same(await card.first().locator('strong').textContent(), 'resguard', 'bold text');
    same(await card.first().locator('script').count(), 0, 'no script element from a note');
    same(await page.evaluate(() => window.__pwned ?? null), null, 'the note ran no script');
    same(await card.first().getByTestId('annotation-author').textContent(), 'li.wei', 'author from settings');
    same(await page.getByTestId('annotation-flag').count(), 1, 'flag on the timeline');
    await page.getByTestId('undo').click();
    same(await card.count(), 0, 'notes after undo');
    same(await page.getByTestId('annotation-flag').count(), 0, 'flag after undo');
    await page.getByTestId('redo').click();
    same(await card.count(), 1, 'notes after redo');
    // Ctrl+Z outside a text field is undo too.
    await page.getByTestId('timeline-span').click();
    await page.keyboard.press('Control+z');
    same(await card.count(), 0, 'notes after Ctrl+Z');
    await page.keyboard.press('Control+Shift+z');
    same(await card.count(), 1, 'notes after Ctrl+Shift+Z');
    // Shift-drag brushes a time range; a note on it is a band across the lanes.
    const plot = await page.getByTestId('timeline-plot').boundingBox();
    await page.keyboard.down('Shift');
    await page.mouse.move(plot.x + plot.width * 0.1, plot.y + 30);
    await page.mouse.down();
    await page.mouse.move(plot.x + plot.width * 0.35, plot.y + 30, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const rangeTarget = await page.getByTestId('note-target').evaluate((s) => s.options[s.selectedIndex].text);
    expect(/^range · 19:01:\d\d\.\d+ – 19:01:\d\d\.\d+ \(/.test(rangeTarget), `range target: ${rangeTarget}`);
    await page.getByTestId('note-text').fill('the SYN retransmissions, one per second');
    await page.getByTestId('note-add').click();
    same(await card.count(), 2, 'notes with the range note');
    same(await page.getByTestId('annotation-band').count(), 1, 'band on the timeline');
    await page.screenshot({ path: 'test-results/e2e-annotation.png' });
    await page.getByTestId('undo').click();
    same(await page.getByTestId('annotation-band').count(), 0, 'band after undo');
  });

  await scenario('the annotation survives a reload: the case reopens from the browser store with its view', async () => {
    await page.waitForFunction(() => document.querySelector('[data-testid="case-status"]')?.textContent?.startsWith('saved'), null, { timeout: 10000 });
    const span = await page.getByTestId('timeline-span').textContent();
    const selected = await page.getByTestId('finding-row').evaluateAll((rows) => rows.findIndex((r) => r.classList.contains('selected')));
    await page.reload();
    await page.getByTestId('empty-state').waitFor();
    const recent = page.getByTestId('recent-case').first();
    await recent.waitFor({ timeout: 10000 });
    await recent.click();
    const card = page.getByTestId('annotation');
    await card.first().waitFor({ timeout: 10000 });
    same(await card.count(), 1, 'notes after reopening');
    same(await card.first().locator('strong').textContent(), 'resguard', 'note text after reopening');
    expect((await card.first().locator('.note-target').textContent()).includes('drop marker'), 'still on the drop marker');
    // The saved verdict comes back whole; the artifacts are listed to be added again.
    same(await page.locator('[data-testid="artifact-row"][data-state="missing"]').count(), names.length, 'artifacts to add again');
    const marker = page.getByTestId('drop-marker');
    await marker.waitFor({ state: 'visible' });
    expect((await marker.textContent()).includes('inet resguard / net_hook_in_v4'), 'drop marker from the saved verdict');
    same(await page.getByTestId('finding-row').evaluateAll((rows) => rows.findIndex((r) => r.classList.contains('selected'))), selected, 'selected finding restored');
    same(await page.getByTestId('timeline-span').textContent(), span, 'zoom restored');
    same(await page.getByTestId('annotation-flag').count(), 1, 'flag drawn on the reopened case');
    // History is per session: reopening is not an undoable step.
    expect(await page.getByTestId('undo').isDisabled(), 'nothing to undo right after reopening');
    await page.screenshot({ path: 'test-results/e2e-case-reopened.png' });
  });

  await scenario('adding the files again fills the lanes; a file whose SHA-256 changed is flagged', async () => {
    const changed = files.map((f) => (f.name === 'dmesg.txt' ? { name: f.name, bytes: Buffer.concat([f.bytes, Buffer.from('[ 5072.000000] edited after the case was saved\n')]) } : f));
    await dropFiles(page, changed);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="artifact-row"][data-state="done"]').length === n, names.length, { timeout: 30000 });
    same(await page.locator('[data-testid="artifact-row"][data-state="missing"]').count(), 0, 'nothing left to add');
    const flagged = await page.getByTestId('artifact-changed').evaluateAll((els) => els.map((e) => e.closest('[data-testid="artifact-row"]').getAttribute('data-name')));
    same(flagged, ['dmesg.txt'], 'changed artifacts');
    expect((await page.getByTestId('notice').textContent()).includes('dmesg.txt'), 'the notice names the changed file');
    same(await page.getByTestId('annotation').count(), 1, 'the note stays');
    await noProblems(app, same);
  });

  await scenario('Export postmortem: HTML and JSON downloads carry the verdict and the note; PDF says it needs the desktop', async () => {
    for (const [id, ext] of [['export-html', 'html'], ['export-json', 'json'], ['export-md', 'md']]) {
      await page.getByTestId('export-menu').click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
      expect(download.suggestedFilename().endsWith(`-postmortem.${ext}`), `file name ${download.suggestedFilename()}`);
      const content = readFileSync(await download.path(), 'utf8');
      expect(content.includes('resguard') && content.includes('LOCAL_IN'), `${ext} report names the owner and the hook`);
      expect(content.includes('10.0.2.8'), `${ext} report carries the note`);
    }
    await page.getByTestId('export-menu').click();
    await page.getByTestId('export-pdf').click();
    expect((await page.getByTestId('notice').textContent()).includes('PDF export needs the desktop app'), 'PDF in the browser host');
    await noProblems(app, same);
  });
  await app.context.close();

  await scenario('zh-CN: a Chinese browser gets the workbench in Chinese — finding, timeline, annotations — with hook, chain and rule words untouched; English is one switch away and remembered', async () => {
    // The browser's language is the default (navigator.language); nothing stored yet.
    const zh = await openApp(browser, url, wide, { locale: 'zh-CN' });
    const zp = zh.page;
    same(await zp.evaluate(() => document.documentElement.lang), 'zh-CN', 'html lang');
    same((await zp.locator('#empty-title').textContent()).trim(), '将案例的制品拖放到此窗口的任意位置', 'empty state headline');
    await dropFiles(zp, files);
    await zp.waitForFunction((n) => document.querySelectorAll('[data-testid="artifact-row"][data-state="done"]').length === n, names.length, { timeout: 30000 });
    const row = zp.getByTestId('finding-row').filter({ hasText: '10.0.2.8:43482 → 10.0.0.3:20202 tcp' });
    const rowText = await row.textContent();
    expect(rowText.includes('被丢弃：在 LOCAL_IN，由 nftables inet resguard / net_hook_in_v4'), `finding fate in Chinese, kernel words as they are: ${rowText}`);
    expect(rowText.includes('流 tcp 10.0.2.8:43482 → 10.0.0.3:20202 失败（共 6 次尝试）') && rowText.includes('netfilter LOCAL_IN 钩子上被 nftables table inet resguard, chain net_hook_in_v4'), `explanation in Chinese: ${rowText}`);
    expect(rowText.includes('iptables filter INPUT rule 6 先 ACCEPT 了该数据包'), 'the accepting rule keeps its iptables words');
    // Panel titles and the timeline's labels.
    for (const [selector, wanted] of [['#timeline-title', '时间线'], ['#hook-path-title', '钩子路径'], ['#findings-title', '发现'], ['#annotations-title', '批注'], ['#events-title', '该发现的数据包和事件'], ['#verdict-title', '结论']]) {
      same((await zp.locator(selector).textContent()).trim(), wanted, `title ${selector}`);
    }
    same((await zp.getByTestId('fit-finding').textContent()).trim(), '适配发现', 'timeline button');
    const srvLane = zp.getByTestId('timeline-lane').filter({ hasText: 'srv-eth0.pcap' });
    same((await srvLane.getByTestId('lane-clock').textContent()).trim(), '墙上时钟', 'lane caption');
    expect((await srvLane.textContent()).includes('51 个数据包'), 'lane packet count in Chinese');
    const legend = await zp.locator('.legend-item').allTextContents();
    expect(legend.includes('数据包') && legend.includes('丢弃') && legend.includes('SYN'), `timeline legend in Chinese, SYN as it is: ${legend.join(', ')}`);
    const marker = await zp.getByTestId('drop-marker').textContent();
    expect(marker.includes('✗ 丢弃') && marker.includes('LOCAL_IN') && marker.includes('inet resguard / net_hook_in_v4'), `drop marker: ${marker}`);
    const steps = await zp.getByTestId('finding-event').allTextContents();
    expect(steps.some((s) => s.includes('TCP SYN 10.0.2.8:43482 → 10.0.0.3:20202（重传）')), 'a retransmission step in Chinese');
    expect(steps.some((s) => s.includes('filter INPUT 第 6 条规则 ACCEPT 命中')), 'the iptables rule step in Chinese with its table, chain and target');
    expect(steps.some((s) => s.includes('kfree_skb NETFILTER_DROP，位置 nft_do_chain+0x3e8 (LOCAL_IN)')), 'the drop step keeps its reason, function and hook');
    // Annotations panel: a note on the drop marker.
    await zp.getByTestId('drop-marker').click();
    same(await zp.getByTestId('note-text').getAttribute('placeholder'), '你在这里看到了什么，写给客户或下一位工程师（Markdown；Ctrl+Enter 添加）', 'composer placeholder');
    await zp.getByTestId('note-text').fill('客户确认：resguard 模块的 **net_hook_in_v4** 链丢弃了 SYN。');
    same((await zp.getByTestId('note-add').textContent()).trim(), '添加批注', 'add button');
    await zp.getByTestId('note-add').click();
    const note = zp.getByTestId('annotation').first();
    const noteText = await note.textContent();
    expect(noteText.includes('关于 丢包标记 · ') && noteText.includes('编辑') && noteText.includes('删除'), `note in Chinese: ${noteText}`);
    await zp.screenshot({ path: 'test-results/e2e-workbench-zh-CN.png' });
    // The report's language is chosen at export: English from the Chinese workbench.
    await zp.getByTestId('export-menu').click();
    same(await zp.getByTestId('export-language').inputValue(), 'zh-CN', 'export language follows the workbench');
    await zp.getByTestId('export-language').selectOption('en');
    const [english] = await Promise.all([zp.waitForEvent('download'), zp.getByTestId('export-html').click()]);
    const englishHtml = readFileSync(await english.path(), 'utf8');
    expect(englishHtml.includes('<html lang="en">') && englishHtml.includes('The flow tcp 10.0.2.8:43482 → 10.0.0.3:20202 failed'), 'English report from the Chinese workbench');
    await zp.getByTestId('export-menu').click();
    await zp.getByTestId('export-language').selectOption('zh-CN');
    const [chinese] = await Promise.all([zp.waitForEvent('download'), zp.getByTestId('export-html').click()]);
    const chineseHtml = readFileSync(await chinese.path(), 'utf8');
    expect(chineseHtml.includes('<html lang="zh-CN">') && chineseHtml.includes('流 tcp 10.0.2.8:43482 → 10.0.0.3:20202 失败') && chineseHtml.includes('客户确认'), 'Chinese report with the note');
    // Switch to English: applied at once, and remembered over a reload.
    await zp.getByTestId('app-language').selectOption('en');
    await zp.locator('#hook-path-title', { hasText: 'Hook path' }).waitFor();
    same(await zp.evaluate(() => document.documentElement.lang), 'en', 'html lang after switching');
    await zp.screenshot({ path: 'test-results/e2e-workbench-en-switched.png' });
    await zp.reload();
    await zp.getByTestId('drop-zone').waitFor();
    same(await zp.getByTestId('app-language').inputValue(), 'en', 'the choice survives a reload');
    same(await zp.evaluate(() => document.documentElement.lang), 'en', 'html lang after reload');
    await noProblems(zh, same);
    await zh.context.close();
  });

  await scenario('a 50 000-packet capture imports with a visible progress bar while the page keeps handling input', async () => {
    const path = 'test-results/tmp/big-50k.pcap';
    const written = writePcap(path, { packets: 50000 });
    same(execFileSync('tcpdump', ['-nn', '-r', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').length, 50000, 'tcpdump reads the generated capture');
    const big = await openApp(browser, url, wide);
    await big.page.evaluate(() => {
      window.__input = [];
      window.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
      const box = document.querySelector('[data-testid="note-text"]');
      box.addEventListener('input', (e) => {
        const reading = document.querySelector('[data-testid="artifact-row"][data-name="big-50k.pcap"][data-state="reading"]') !== null;
        // Event timestamp → handler: how long the input waited for the main thread.
        window.__input.push({ lag: performance.now() - e.timeStamp, reading });
      });
    });
    const [chooser] = await Promise.all([big.page.waitForEvent('filechooser'), big.page.getByTestId('add-files').click()]);
    await chooser.setFiles(path);
    const bar = big.page.locator('[data-testid="artifact-row"][data-name="big-50k.pcap"] [role="progressbar"]');
    await bar.waitFor({ state: 'visible', timeout: 10000 });
    await big.page.waitForFunction(() => {
      const now = Number(document.querySelector('[data-testid="artifact-row"][data-name="big-50k.pcap"] [role="progressbar"]')?.getAttribute('aria-valuenow'));
      return now > 0 && now < 100;
    }, null, { timeout: 20000, polling: 'raf' });
    await big.page.screenshot({ path: 'test-results/e2e-ingest-progress.png' });
    await big.page.getByTestId('note-text').focus();
    const typed = 'typing while 50k packets stream in';
    await big.page.keyboard.type(typed, { delay: 15 });
    await big.page.locator('[data-testid="artifact-row"][data-state="done"][data-name="big-50k.pcap"]').waitFor({ timeout: 60000 });
    same(await big.page.getByTestId('note-text').inputValue(), typed, 'every key reached the text box');
    const input = await big.page.evaluate(() => window.__input);
    const during = input.filter((i) => i.reading);
    const lags = input.map((i) => i.lag).sort((a, b) => a - b);
    const longTasks = await big.page.evaluate(() => window.__longTasks);
    console.log(`      ingest of ${written.packets} packets (${(written.bytes / 1048576).toFixed(1)} MiB): ${during.length}/${input.length} keys handled while reading; input lag median ${percentile(lags, 0.5).toFixed(1)} ms, p95 ${percentile(lags, 0.95).toFixed(1)} ms, max ${lags.at(-1).toFixed(1)} ms; main-thread long tasks: ${longTasks.length} (longest ${Math.max(0, ...longTasks).toFixed(0)} ms)`);
    expect(during.length >= 5, `keys handled while the capture was being read: ${during.length}`);
    expect(percentile(lags, 0.95) < 100, `input lag p95 ${percentile(lags, 0.95).toFixed(1)} ms`);
    const records = Number((await big.page.locator('[data-testid="artifact-row"][data-name="big-50k.pcap"]').getByTestId('artifact-records').textContent()).replace(/\D/g, ''));
    same(records, 50000, 'packets read');
    await big.page.locator('[data-testid="timeline-lane"][data-artifact="big-50k.pcap"]').waitFor({ timeout: 20000 });
    await big.page.screenshot({ path: 'test-results/e2e-big-capture.png' });
    await noProblems(big, same);
    await big.context.close();
  });

  await scenario('the timeline pans and zooms a million marks: frame times from the Performance API', async () => {
    // The benchmark page holds the timeline alone (no drop zone), so it is opened here rather than with openApp.
    const context = await browser.newContext({ viewport: { width: 1400, height: 600 } });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${url}timeline-bench.html?marks=1000000`);
    await page.waitForSelector('body[data-ready="1000000"]', { timeout: 60000 });
    const box = await page.getByTestId('timeline-plot').boundingBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.evaluate(() => performance.clearMeasures('hookline:timeline-frame'));
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 30; i++) {
      await page.mouse.wheel(0, -150);
      await page.waitForTimeout(16);
    }
    for (let i = 0; i < 20; i++) {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + (i % 2 ? 250 : -250), cy, { steps: 6 });
      await page.mouse.up();
    }
    for (let i = 0; i < 30; i++) {
      await page.mouse.wheel(0, 150);
      await page.waitForTimeout(16);
    }
    // Fully zoomed out again: every frame now walks all million marks.
    for (let i = 0; i < 10; i++) {
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + 120, cy, { steps: 4 });
      await page.mouse.up();
    }
    const frames = (await page.evaluate(() => performance.getEntriesByName('hookline:timeline-frame').map((e) => e.duration))).sort((a, b) => a - b);
    const median = percentile(frames, 0.5);
    const p95 = percentile(frames, 0.95);
    console.log(`      timeline, 1 000 000 marks: ${frames.length} frames, draw median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${frames.at(-1).toFixed(2)} ms (target < 16 ms)`);
    expect(frames.length >= 60, `frames drawn: ${frames.length}`);
    expect(p95 < 16, `p95 frame time ${p95.toFixed(2)} ms`);
    await page.screenshot({ path: 'test-results/e2e-timeline-1m.png' });
    same(problems, [], 'benchmark page errors');
    await context.close();
  });
}
