import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownCode } from '../../shared/report/escape-markdown';
import { verdictLineParts } from '../../shared/report/finding-text';
import { renderMarkdown } from '../../shared/report/render-markdown';
import { CASES, caseInput, xmlProblem } from './report-kit';

// The Markdown report carries the same content as the HTML one; its figures travel as SVG files beside it.

const reader = new MarkdownIt('default', { html: true });

describe.each(CASES)('the Markdown report of %s', (name) => {
  const input = caseInput(`test/fixtures/cases/${name}`);
  const { verdict } = input;
  const md = renderMarkdown(input, { assetBase: `${name} report` });
  const tokens = reader.parse(md.markdown, {});

  it('opens with the title and the summary, then one verdict line per finding', () => {
    expect(md.markdown.startsWith(`# Postmortem: ${escapeMarkdown(name)}\n`)).toBe(true);
    expect(md.markdown).toContain('## Summary');
    verdict.findings.forEach((f, i) => {
      const p = verdictLineParts(f);
      expect(md.markdown).toContain(`${i + 1}. **${p.outcome}** ${markdownCode(p.flow)} ${escapeMarkdown(`${p.where} ${p.who}`)}`);
    });
  });

  it('references one timeline SVG per finding, written as a side file that ends at the drop', () => {
    const images = tokens.flatMap((t) => t.children ?? []).filter((t) => t.type === 'image').map((t) => t.attrGet('src'));
    expect(images).toEqual(verdict.findings.map((_, i) => `${name}-report-finding-${i + 1}-timeline.svg`));
    expect(md.files.map((f) => f.name)).toEqual(images);
    md.files.forEach((file, i) => {
      expect(file.mimeType).toBe('image/svg+xml');
      expect(xmlProblem(file.content)).toBeNull();
      const radii = [...file.content.matchAll(/<circle [^>]*r="([\d.]+)"/g)].map((m) => m[1]);
      expect(radii[radii.length - 1]).toBe('9');
      const f = verdict.findings[i];
      if (f.drop?.hook) expect(file.content).toContain(`at ${f.drop.hook}`);
    });
  });

  it('quotes every evidence line verbatim in a code block under its source', () => {
    const fences = tokens.filter((t) => t.type === 'fence').map((t) => t.content);
    for (const f of verdict.findings) {
      for (const e of f.evidence) {
        expect(md.markdown).toContain(`**${escapeMarkdown(`${e.artifact} · ${e.ref}`)}**`);
        expect(fences).toContain(`${e.text}\n`);
      }
    }
  });

  it('ends with method, commands to collect and the inventory with every SHA-256', () => {
    const fences = tokens.filter((t) => t.type === 'fence');
    for (const m of verdict.missing) expect(fences.some((t) => t.info === 'sh' && t.content.includes(m.replace(/\s{2,}\(.*\)$/, '')))).toBe(true);
    for (const c of verdict.clocks) expect(md.markdown).toContain(escapeMarkdown(c.method));
    for (const a of verdict.artifacts) expect(md.markdown).toContain(`| ${escapeMarkdown(a.name)} | ${a.format} | ${a.records} | ${a.size} | \`${a.sha256}\` | ${a.warnings.length} |`);
  });
});

describe('inline figures', () => {
  it('puts the SVG in an HTML block and writes no side file', () => {
    const md = renderMarkdown(caseInput('test/fixtures/cases/hidden-hook'), { figures: 'inline' });
    expect(md.files).toEqual([]);
    const blocks = reader.parse(md.markdown, {}).filter((t) => t.type === 'html_block');
    expect(blocks).toHaveLength(caseInput('test/fixtures/cases/hidden-hook').verdict.findings.length);
    expect(blocks[0].content).toMatch(/^<div class="timeline-figure">\n<svg viewBox=/);
  });
});
