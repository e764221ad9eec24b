import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parseRichText } from '../../shared/report/rich-text';
import { richTextHtml } from '../../shared/report/rich-text-html';
import { richTextMarkdown } from '../../shared/report/rich-text-markdown';
import { markupOnly } from './report-kit';

// Annotations are Markdown from the engineer: the report keeps a safe subset and never passes raw HTML or a link.

const note = [
  'Vendor module **resguard_linux** drops *10.0.2.8* at `LOCAL_IN` <script>alert(1)</script>',
  '',
  '- counter 0 → 6',
  '- see [the agent docs](https://vendor.example/agent) and ![shot](https://vendor.example/s.png)',
  '',
  '1. first',
  '2. second',
  '',
  '> quoted <b>bold?</b>',
  '',
  '```',
  '</pre><style>body{display:none}</style>',
  '```',
  '',
  '<div onclick="x()">raw block</div>',
  '',
  '[js](javascript:alert(1))',
].join('\n');

describe('annotation Markdown in the report', () => {
  it('keeps the safe subset as a tree', () => {
    const blocks = parseRichText(note);
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'list', 'list', 'quote', 'code', 'paragraph', 'paragraph']);
    expect(blocks[0]).toEqual({
      kind: 'paragraph',
      inlines: [
        { kind: 'text', text: 'Vendor module ' },
        { kind: 'strong', children: [{ kind: 'text', text: 'resguard_linux' }] },
        { kind: 'text', text: ' drops ' },
        { kind: 'em', children: [{ kind: 'text', text: '10.0.2.8' }] },
        { kind: 'text', text: ' at ' },
        { kind: 'code', text: 'LOCAL_IN' },
        { kind: 'text', text: ' <script>alert(1)</script>' },
      ],
    });
    expect(blocks[4]).toEqual({ kind: 'code', text: '</pre><style>body{display:none}</style>' });
  });

  it('renders HTML with text escaped, links as text and URL, and no href or src', () => {
    const html = richTextHtml(parseRichText(note));
    expect(html).toContain('<p>Vendor module <strong>resguard_linux</strong> drops <em>10.0.2.8</em> at <code>LOCAL_IN</code> &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html).toContain('<ul><li><p>counter 0 → 6</p></li>');
    expect(html).toContain('the agent docs<span class="note-url"> (https://vendor.example/agent)</span>');
    expect(html).toContain('image: shot<span class="note-url"> (https://vendor.example/s.png)</span>');
    expect(html).toContain('<ol><li><p>first</p></li><li><p>second</p></li></ol>');
    expect(html).toContain('<blockquote><p>quoted &lt;b&gt;bold?&lt;/b&gt;</p></blockquote>');
    expect(html).toContain('<pre><code>&lt;/pre&gt;&lt;style&gt;body{display:none}&lt;/style&gt;</code></pre>');
    expect(html).toContain('&lt;div onclick=&quot;x()&quot;&gt;raw block&lt;/div&gt;');
    expect(html).toContain('[js](javascript:alert(1))');
    // Attributes and tags only (escaped text may of course say `onclick=`).
    expect(markupOnly(html)).not.toMatch(/\s(href|src|onclick|style)=/);
    expect(markupOnly(html)).not.toMatch(/<(script|style|div|img|a)\b/);
  });

  it('writes Markdown back that a permissive reader shows without any raw HTML or link', () => {
    const md = richTextMarkdown(parseRichText(note)).join('\n');
    const tokens = new MarkdownIt('default', { html: true, linkify: true }).parse(md, {});
    const all = tokens.flatMap((t) => [t, ...(t.children ?? [])]);
    expect(all.filter((t) => t.type === 'html_inline' || t.type === 'html_block' || t.type === 'link_open' || t.type === 'image')).toEqual([]);
    const rendered = new MarkdownIt('default', { html: true, linkify: true }).render(md);
    expect(rendered).toContain('<strong>resguard_linux</strong>');
    expect(rendered).toContain('<code>LOCAL_IN</code>');
    expect(rendered).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered).toContain('<ol>\n<li>first</li>');
    expect(rendered).toContain('the agent docs (<code>https://vendor.example/agent</code>)');
  });
});
