import { escapeMarkdown, markdownCode, markdownFence } from './escape-markdown';
import type { RichBlock, RichInline } from './rich-text';

// The safe subset of an annotation written back as Markdown: the engineer's emphasis, code and lists survive;
// raw HTML cannot (every text is escaped), and links become text + URL in a code span (no autolink).

function inlineMarkdown(nodes: RichInline[], inTable: boolean): string {
  return nodes
    .map((n) => {
      switch (n.kind) {
        case 'text':
          return escapeMarkdown(n.text);
        case 'code':
          return markdownCode(n.text, inTable);
        case 'break':
          return inTable ? ' ' : '\\\n';
        case 'em':
          return `*${inlineMarkdown(n.children, inTable)}*`;
        case 'strong':
          return `**${inlineMarkdown(n.children, inTable)}**`;
        case 'del':
          return `~~${inlineMarkdown(n.children, inTable)}~~`;
        case 'link':
          return `${n.image ? 'image: ' : ''}${inlineMarkdown(n.children, inTable)}${n.url ? ` (${markdownCode(n.url, inTable)})` : ''}`;
      }
    })
    .join('');
}

/** Annotation blocks as Markdown lines (the caller indents or quotes them). */
export function richTextMarkdown(blocks: RichBlock[]): string[] {
  const out: string[] = [];
  blocks.forEach((b, k) => {
    if (k > 0) out.push('');
    switch (b.kind) {
      case 'paragraph':
        out.push(...inlineMarkdown(b.inlines, false).split('\n'));
        break;
      case 'heading':
        out.push(`**${inlineMarkdown(b.inlines, false)}**`);
        break;
      case 'list':
        b.items.forEach((item, i) => {
          const marker = b.ordered ? `${b.start + i}. ` : '- ';
          const lines = richTextMarkdown(item);
          lines.forEach((line, j) => out.push(j === 0 ? marker + line : line === '' ? '' : ' '.repeat(marker.length) + line));
        });
        break;
      case 'code':
        out.push(...markdownFence(b.text).split('\n'));
        break;
      case 'quote':
        out.push(...richTextMarkdown(b.blocks).map((l) => (l ? `> ${l}` : '>')));
        break;
      case 'rule':
        out.push('---');
        break;
      case 'table': {
        const width = Math.max(1, ...b.rows.map((r) => r.length));
        b.rows.forEach((row, r) => {
          const cells = Array.from({ length: width }, (_, c) => inlineMarkdown(row[c] ?? [], true));
          out.push(`| ${cells.join(' | ')} |`);
          if (r === 0) out.push(`|${' --- |'.repeat(width)}`);
        });
        break;
      }
    }
  });
  return out;
}
