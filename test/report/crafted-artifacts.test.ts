import MarkdownIt from 'markdown-it';
import { afterAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/model/annotation';
import { escapeHtml } from '../../shared/report/escape-html';
import { renderHtml } from '../../shared/report/render-html';
import { renderMarkdown } from '../../shared/report/render-markdown';
import { craftedCase, markup } from './crafted-case';
import { caseInput, decodeEntities, markupOnly, validateHtml, xmlProblem } from './report-kit';

// Everything in an artifact is untrusted: markup in a LOG prefix, an nft comment, a packet payload, a capture
// header, a file name or an annotation must come out of every report format as text.

const crafted = craftedCase();
afterAll(() => crafted.remove());
const annotations: Annotation[] = [
  { id: 'x', target: { kind: 'finding', findingIndex: 0, flow: '<script>flow</script>' }, text: 'Note with <script>alert(5)</script> and </style> and [x](https://evil.example/)', author: '<b>mallory</b>', at: '"2026"' },
];
const input = caseInput(crafted.dir, annotations, '<script>case</script>');
const html = renderHtml(input);

describe('a hostile case', () => {
  it('is still analysed: the markup went into the artifacts the engine read', () => {
    expect(crafted.poisonedPackets).toBeGreaterThan(0);
    const f = input.verdict.findings[0];
    expect(f.drop?.owner.rule).toBe(`ip saddr @blacklist counter packets 8 bytes 528 drop comment ${markup.nftComment}`);
    expect(f.evidence.some((e) => e.text.startsWith(markup.logPrefix))).toBe(true);
    expect(input.verdict.findings.some((x) => x.flow.proto === 'icmp')).toBe(true);
    expect(input.verdict.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining(markup.fileNames));
    expect(input.verdict.artifacts.find((a) => a.name === 'c2-eth0.pcapng')?.meta?.shb_userappl).toContain(markup.pcapngApp);
  });

  it('HTML: every piece of markup shows as text, none as markup', async () => {
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    const tags = markupOnly(html);
    expect(tags).not.toMatch(/<(b|img|svg onload)[\s>]|onerror|onload|https?:/i);
    for (const shown of [markup.logPrefix, `comment ${markup.nftComment}`, ...markup.fileNames, markup.pcapngApp.trim(), '<b>mallory</b>', 'Note with <script>alert(5)</script> and </style>', '<script>case</script>']) {
      expect(html).toContain(escapeHtml(shown));
    }
    // The payload bytes never leave the capture: the report describes packets by their headers.
    expect(decodeEntities(html)).not.toContain(markup.payload);
    expect((await validateHtml(html)).messages).toEqual([]);
  });

  it('Markdown: a reader that allows raw HTML shows the markup as text; the SVG files stay well-formed', () => {
    const md = renderMarkdown(input, { assetBase: '<x>' });
    const reader = new MarkdownIt('default', { html: true, linkify: true });
    const tokens = reader.parse(md.markdown, {}).flatMap((t) => [t, ...(t.children ?? [])]);
    expect(tokens.filter((t) => ['html_inline', 'html_block', 'link_open'].includes(t.type)).map((t) => t.content)).toEqual([]);
    // The figures are the only images, named from a sanitised base.
    expect(tokens.filter((t) => t.type === 'image').map((t) => t.attrGet('src'))).toEqual(md.files.map((f) => f.name));
    const rendered = reader.render(md.markdown);
    expect(rendered).not.toMatch(/<(script|style|b)[\s>]|<img (?!src="x-finding-\d-timeline\.svg")/i);
    for (const shown of [markup.logPrefix, markup.nftComment, markup.fileNames[1], '<b>mallory</b>']) expect(decodeEntities(rendered)).toContain(shown);
    expect(md.files.map((f) => f.name)).toEqual(['x-finding-1-timeline.svg', 'x-finding-2-timeline.svg']);
    for (const f of md.files) {
      expect(xmlProblem(f.content)).toBeNull();
      expect(f.content).not.toMatch(/<script/i);
    }
    expect(md.files[0].content).toContain(escapeHtml(`LOG rule "${markup.logPrefix}"`));
  });
});
