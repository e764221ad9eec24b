import type { RichBlock, RichInline } from './rich-text';
import { element, text } from './svg-builder';

// The safe subset of an annotation as HTML: every text escaped, links as text followed by their URL in
// parentheses, no href and no src anywhere (the report loads nothing and links nowhere).

function inlineHtml(nodes: RichInline[]): string {
  return nodes
    .map((n) => {
      switch (n.kind) {
        case 'text':
          return text(n.text);
        case 'code':
          return element('code', {}, text(n.text));
        case 'break':
          return '<br>';
        case 'em':
          return element('em', {}, inlineHtml(n.children));
        case 'strong':
          return element('strong', {}, inlineHtml(n.children));
        case 'del':
          return element('del', {}, inlineHtml(n.children));
        case 'link':
          return element('span', { class: 'note-link' }, n.image ? text('image: ') : '', inlineHtml(n.children), n.url ? element('span', { class: 'note-url' }, text(` (${n.url})`)) : '');
      }
    })
    .join('');
}

/** Annotation blocks as HTML. */
export function richTextHtml(blocks: RichBlock[]): string {
  return blocks
    .map((b) => {
      switch (b.kind) {
        case 'paragraph':
          return element('p', {}, inlineHtml(b.inlines));
        case 'heading':
          return element('p', { class: 'note-heading' }, element('strong', {}, inlineHtml(b.inlines)));
        case 'list':
          return element(b.ordered ? 'ol' : 'ul', { start: b.ordered && b.start !== 1 ? b.start : null }, ...b.items.map((item) => element('li', {}, richTextHtml(item))));
        case 'code':
          return element('pre', {}, element('code', {}, text(b.text)));
        case 'quote':
          return element('blockquote', {}, richTextHtml(b.blocks));
        case 'rule':
          return '<hr>';
        case 'table':
          return element('table', { class: 'note-table' }, element('tbody', {}, ...b.rows.map((row, r) => element('tr', {}, ...row.map((cell) => element(r === 0 ? 'th' : 'td', { scope: r === 0 ? 'col' : null }, inlineHtml(cell)))))));
      }
    })
    .join('');
}
