import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/model/annotation';
import { escapeHtml } from '../../shared/report/escape-html';
import { verdictLineParts } from '../../shared/report/finding-text';
import { renderHtml } from '../../shared/report/render-html';
import { CASES, caseInput, markupOnly, validateHtml } from './report-kit';

// The HTML report of the three real fixture cases: self-contained, valid, and showing what issue 7 asks for.

function section(html: string, id: string): string {
  const start = html.indexOf(`<section class="finding${id === 'finding-1' ? '' : ' page-break'}" id="${id}"`);
  const end = html.indexOf('</section>', start);
  expect(start).toBeGreaterThan(0);
  return html.slice(start, end);
}

describe.each(CASES)('the HTML report of %s', (name) => {
  const input = caseInput(`test/fixtures/cases/${name}`);
  const html = renderHtml(input);
  const { verdict } = input;

  it('validates (html-validate, recommended rules)', async () => {
    const result = await validateHtml(html);
    expect(result.messages).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is self-contained: no script, no external URL outside text, only in-page links, a CSP that forbids loads', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    const markup = markupOnly(html);
    expect(markup).not.toMatch(/https?:\/\//i);
    expect(markup).not.toMatch(/url\(|@import|\ssrc=|\saction=|xlink:href/i);
    const hrefs = [...markup.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBe(verdict.findings.length);
    for (const h of hrefs) expect(html).toContain(`id="${h.slice(1)}"`);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;;`);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
  });

  it('shows the summary and the verdict line of every finding', () => {
    expect(html).toContain('<h2 id="summary-title">Summary</h2>');
    expect(html).toContain(`found ${verdict.findings.length} flow`);
    for (const f of verdict.findings) {
      const p = verdictLineParts(f);
      expect(html).toContain(`<span class="badge badge-${f.outcome}">${p.outcome}</span>`);
      expect(html).toContain(`<span class="flow">${escapeHtml(p.flow)}</span></a> ${escapeHtml(`${p.where} ${p.who}`)}`);
      if (p.rule) expect(html).toContain(`, rule <code>${escapeHtml(p.rule)}</code>`);
    }
  });

  it('gives every finding its timeline figure ending at the drop, its hook path, and its evidence lines with their source', () => {
    verdict.findings.forEach((f, i) => {
      const s = section(html, `finding-${i + 1}`);
      const svg = s.slice(s.indexOf('<svg'), s.indexOf('</svg>') + 6);
      expect(svg).toMatch(/^<svg viewBox="0 0 960 \d+" role="img" aria-labelledby="timeline-\d+-title"/);
      const circles = [...svg.matchAll(/<circle [^>]*r="([\d.]+)"[^>]*><title>([^<]*)<\/title>/g)];
      const last = f.timeline[f.timeline.length - 1];
      expect(circles[circles.length - 1][1]).toBe('9');
      expect(circles[circles.length - 1][2]).toContain(escapeHtml(`${last.artifact} ${last.ref}`));
      if (f.hookPath.length) expect(s).toContain('<ol class="hook-path">');
      for (const e of f.evidence) expect(s).toContain(`<div class="evidence-source">${escapeHtml(`${e.artifact} · ${e.ref}`)}</div><pre>${escapeHtml(e.text)}</pre>`);
      for (const e of f.timeline) expect(s).toContain(`<td class="ref">${escapeHtml(e.ref)}</td>`);
    });
  });

  it('lists method and caveats, what to collect next as commands, and every artifact with its SHA-256', () => {
    for (const c of verdict.clocks) expect(html).toContain(escapeHtml(c.method));
    for (const n of verdict.notes) expect(html).toContain(escapeHtml(n));
    for (const m of verdict.missing) expect(html).toContain(escapeHtml(m.replace(/\s{2,}\(.*\)$/, '')));
    for (const a of verdict.artifacts) {
      expect(html).toContain(`<td class="hash">${a.sha256}</td>`);
      expect(html).toContain(`<td>${escapeHtml(a.name)}</td><td>${escapeHtml(a.format)}</td>`);
    }
  });

  it('prints on A4 with a page per finding after the first', () => {
    expect(html).toContain('@page { size: A4;');
    expect(html).toMatch(/@media print \{[^]*\.page-break \{ break-before: page; \}/);
    expect(html.match(/class="finding page-break"/g)?.length ?? 0).toBe(Math.max(0, verdict.findings.length - 1));
  });
});

describe('annotations in place', () => {
  const base = caseInput('test/fixtures/cases/hidden-hook');
  const f = base.verdict.findings[0];
  const mark = f.timeline[f.timeline.length - 3];
  const quoted = f.evidence.find((e) => e.ref.startsWith('line ') && !f.timeline.some((t) => t.artifact === e.artifact && t.ref === e.ref))!;
  const annotations: Annotation[] = [
    { id: 'a', target: { kind: 'finding', findingIndex: 0, flow: 'tcp 10.0.2.8 → 10.0.0.3:20202' }, text: 'Vendor **resguard** again.', author: 'li.wei', at: '2026-11-24T19:12:00Z' },
    { id: 'b', target: { kind: 'mark', artifact: mark.artifact, ref: mark.ref, t: mark.t }, text: 'This is the *last* attempt.', author: 'li.wei', at: '2026-11-24T19:13:00Z' },
    { id: 'c', target: { kind: 'line', artifact: quoted.artifact, line: Number(quoted.ref.slice(5)) }, text: 'The rule that matters.', author: 'ops', at: '2026-11-24T19:14:00Z' },
    { id: 'd', target: { kind: 'line', artifact: 'nstat.txt', line: 2 }, text: 'Counters look normal.', author: 'ops', at: '2026-11-24T19:15:00Z' },
    { id: 'e', target: { kind: 'range', from: f.timeline[0].t!, to: f.timeline[2].t! }, text: 'First attempt window.', author: 'ops', at: '2026-11-24T19:16:00Z' },
    { id: 'f', target: { kind: 'finding', findingIndex: 7, flow: 'udp gone' }, text: 'A finding that no longer exists.', author: 'ops', at: '2026-11-24T19:17:00Z' },
  ];
  const html = renderHtml({ ...base, annotations });
  const finding1 = section(html, 'finding-1');

  it('puts each note where it points, numbered, with author and time', () => {
    expect(finding1).toContain('<aside class="note" id="note-1" aria-label="Note 1"><div class="note-head">Note 1 · on the finding tcp 10.0.2.8 → 10.0.0.3:20202 · li.wei · 2026-11-24T19:12:00Z</div><p>Vendor <strong>resguard</strong> again.</p></aside>');
    // The mark note sits in the timeline table right after its row, and the figure carries its badge.
    expect(finding1).toMatch(new RegExp(`<td class="ref">${mark.ref}</td>.*?</tr><tr class="note-row"><td colspan="4"><aside class="note" id="note-2" aria-label="Note 2">`));
    expect(finding1).toContain('>2</text><title>annotation 2</title>');
    expect(finding1).toMatch(new RegExp(`<div class="evidence-source">${escapeHtml(quoted.artifact)} · ${quoted.ref}</div><pre>[^<]*</pre><aside class="note" id="note-3" aria-label="Note 3">`));
    expect(finding1).toContain('id="note-5"');
    const inventory = html.slice(html.indexOf('id="inventory"'));
    expect(inventory).toContain('<aside class="note" id="note-4" aria-label="Note 4"><div class="note-head">Note 4 · on nstat.txt line 2');
    const other = html.slice(html.indexOf('id="other-notes"'), html.indexOf('id="inventory"'));
    expect(other).toContain('A finding that no longer exists.');
  });

  it('still validates with notes in tables and figures', async () => {
    expect((await validateHtml(html)).messages).toEqual([]);
  });
});

describe('the validator is a real check', () => {
  it('rejects a broken document', async () => {
    const broken = renderHtml(caseInput('test/fixtures/cases/hidden-hook')).replace('<h2 id="summary-title">', '<h2 id="summary-title"><p>').replace('</main>', '<div id="summary-title"></div></main>');
    const result = await validateHtml(broken);
    expect(result.valid).toBe(false);
    expect(result.messages.join('\n')).toMatch(/no-dup-id|element-permitted-content/);
  });
});

describe('reports of thin cases', () => {
  it('a case with no failed flow still gives a valid report that says so', async () => {
    const input = caseInput('test/fixtures/cases/hidden-hook/nstat.txt');
    expect(input.verdict.findings).toEqual([]);
    const html = renderHtml(input);
    expect(html).toContain('and found no flow that failed to get through.');
    expect(html).not.toContain('class="finding');
    expect(html).toContain(`<td class="hash">${input.verdict.artifacts[0].sha256}</td>`);
    expect((await validateHtml(html)).messages).toEqual([]);
  });

  it('an empty verdict renders every section without failing', async () => {
    const html = renderHtml({ meta: caseInput('test/fixtures/cases/hidden-hook/nstat.txt').meta, verdict: { artifacts: [], findings: [], missing: [], clocks: [], notes: [] }, annotations: [] });
    for (const id of ['summary', 'method', 'collect', 'inventory']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('Kernel host</dt><dd>not determined</dd>');
    expect((await validateHtml(html)).messages).toEqual([]);
  });

  it('a very long timeline keeps its first and last rows in the table and all its marks in the figure', () => {
    const input = caseInput('test/fixtures/cases/hidden-hook');
    const f = input.verdict.findings[0];
    const timeline = [...Array.from({ length: 500 }, (_, i) => ({ ...f.timeline[0], ref: `packet ${1000 + i}` })), ...f.timeline];
    const html = renderHtml({ ...input, verdict: { ...input.verdict, findings: [{ ...f, timeline }] } });
    expect(html).toContain(`… ${timeline.length - 400} entries not listed (all are in the figure and the JSON bundle)`);
    expect(html).toContain('<td class="ref">packet 1049</td>');
    expect(html).not.toContain('<td class="ref">packet 1050</td>');
    expect(html.match(/<circle /g)?.length).toBe(timeline.length);
  });
});
