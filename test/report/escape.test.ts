import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { escapeHtml, visibleControls } from '../../shared/report/escape-html';
import { escapeMarkdown, markdownCode, markdownFence } from '../../shared/report/escape-markdown';
import { decodeEntities } from './report-kit';

// The one escape every report string goes through, tried with the payloads an artifact can carry.

const payloads = [
  '<script>alert(1)</script>',
  '"</style><b>',
  "' onmouseover='alert(1)",
  '<img src=x onerror=alert(1)>',
  '<!-- comment --> <![CDATA[x]]>',
  '&lt;already&gt; &amp; escaped',
  'ip saddr @blacklist counter drop comment "</style><b>"',
  '[link](javascript:alert(1)) ![img](https://evil.example/x.png) <https://evil.example>',
  '*em* _em_ **strong** `code` ~~del~~ | pipe | # heading',
  '- list item',
  '1. ordered',
  'LOCAL_IN nft_do_chain+0x3e8 _leading and trailing_',
  'back\\slash \\<script>',
];

/** What a permissive Markdown reader (raw HTML allowed) shows for `markdown` as one paragraph, as text. */
const permissive = new MarkdownIt('default', { html: true, linkify: true });
function shownText(markdown: string): { html: string; text: string } {
  const html = permissive.render(markdown).trim();
  return { html, text: decodeEntities(html.replace(/^<p>/, '').replace(/<\/p>$/, '')) };
}

describe('escapeHtml', () => {
  it('leaves no markup character of a payload unescaped', () => {
    for (const p of payloads) {
      const out = escapeHtml(p);
      expect(out).not.toMatch(/[<>"']/);
      expect(decodeEntities(out)).toBe(p);
    }
  });

  it('writes the five XML entities only, so the same text is valid in standalone SVG', () => {
    expect(escapeHtml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
  });

  it('makes control characters visible instead of passing parse errors through', () => {
    expect(visibleControls('a\u0000b\u001b[31mc\u007fd\u0085e\tf\ng')).toBe('a\u2400b\u241b[31mc\u2421d\\x85e\tf\ng');
    expect(visibleControls('lone \ud800 surrogate, pair \ud83d\ude00 kept, \uffff')).toBe('lone \ufffd surrogate, pair \ud83d\ude00 kept, \ufffd');
  });
});

describe('escapeMarkdown', () => {
  it('shows every payload as its own text in a reader that allows raw HTML', () => {
    for (const p of payloads) {
      const { html, text } = shownText(escapeMarkdown(p));
      expect(html).not.toMatch(/<(script|img|style|b|a|em|strong|code|del|h1|ul|ol|li)\b/);
      expect(text).toBe(p);
    }
  });

  it('keeps snake_case identifiers readable (an underscore inside a word opens no emphasis)', () => {
    expect(escapeMarkdown('LOCAL_IN at nft_do_chain')).toBe('LOCAL_IN at nft_do_chain');
    expect(escapeMarkdown('_x_')).toBe('\\_x\\_');
  });

  it('code spans and fences show backticks and markup literally', () => {
    const code = 'a `b` ``c`` <script>';
    const span = permissive.renderInline(markdownCode(code));
    expect(decodeEntities(span)).toBe(`<code>${code}</code>`);
    const fenced = permissive.render(markdownFence('```\n</pre><script>x</script>\n````', 'text'));
    expect(fenced).not.toContain('<script>');
    expect(decodeEntities(fenced)).toContain('```\n</pre><script>x</script>\n````');
  });

  it('a pipe in a table cell code span stays inside its cell', () => {
    const table = permissive.render(`| a | b |\n| --- | --- |\n| ${markdownCode('x | y', true)} | z |`);
    expect(table).toContain('<td><code>x | y</code></td>');
    expect(table).toContain('<td>z</td>');
  });
});
