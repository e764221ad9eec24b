import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

// Annotations are the engineer's Markdown. The report shows a safe subset of it and nothing else: paragraphs,
// emphasis, code, lists, quotes, tables, and links as text + URL (never an href: the report makes no request
// and sends no reader to an external site). markdown-it parses with raw HTML disabled, so `<script>` in a note is
// text; its tokens are then read into this small tree, which the HTML and Markdown renderers print themselves.
// Ref: markdown-it README ("html: false" — disable HTML tags in source) and its Token stream (docs/architecture.md).

/** Inline content of an annotation. */
export type RichInline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'break' }
  | { kind: 'em' | 'strong' | 'del'; children: RichInline[] }
  /** A link or an image, shown as its text and its URL. */
  | { kind: 'link'; children: RichInline[]; url: string; image: boolean };

/** Block content of an annotation. */
export type RichBlock =
  | { kind: 'paragraph' | 'heading'; inlines: RichInline[] }
  | { kind: 'list'; ordered: boolean; start: number; items: RichBlock[][] }
  | { kind: 'code'; text: string }
  | { kind: 'quote'; blocks: RichBlock[] }
  | { kind: 'rule' }
  | { kind: 'table'; rows: RichInline[][][] };

const parser = new MarkdownIt('default', { html: false, linkify: false, typographer: false });

type Container = { kind: 'em' | 'strong' | 'del'; children: RichInline[] } | { kind: 'link'; children: RichInline[]; url: string; image: boolean };

function inlines(tokens: Token[] | null): RichInline[] {
  const root: RichInline[] = [];
  const stack: { children: RichInline[] }[] = [{ children: root }];
  const top = () => stack[stack.length - 1].children;
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'text':
      case 'text_special':
      case 'html_inline':
        top().push({ kind: 'text', text: t.content });
        break;
      case 'softbreak':
        top().push({ kind: 'text', text: ' ' });
        break;
      case 'hardbreak':
        top().push({ kind: 'break' });
        break;
      case 'code_inline':
        top().push({ kind: 'code', text: t.content });
        break;
      case 'image':
        top().push({ kind: 'link', children: [{ kind: 'text', text: t.content || 'image' }], url: String(t.attrGet('src') ?? ''), image: true });
        break;
      case 'em_open':
      case 'strong_open':
      case 's_open':
      case 'link_open': {
        const node: Container = t.type === 'link_open' ? { kind: 'link', children: [], url: String(t.attrGet('href') ?? ''), image: false } : { kind: t.type === 'em_open' ? 'em' : t.type === 'strong_open' ? 'strong' : 'del', children: [] };
        top().push(node);
        stack.push(node);
        break;
      }
      case 'em_close':
      case 'strong_close':
      case 's_close':
      case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      default:
        if (t.content) top().push({ kind: 'text', text: t.content });
    }
  }
  return root;
}

function blocks(tokens: Token[], from: number, closeType: string | null): { blocks: RichBlock[]; next: number } {
  const out: RichBlock[] = [];
  let i = from;
  while (i < tokens.length) {
    const t = tokens[i];
    if (closeType && t.type === closeType) return { blocks: out, next: i + 1 };
    switch (t.type) {
      case 'paragraph_open':
      case 'heading_open': {
        out.push({ kind: t.type === 'heading_open' ? 'heading' : 'paragraph', inlines: inlines(tokens[i + 1]?.children ?? null) });
        i += 3;
        continue;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = t.type === 'ordered_list_open';
        const close = ordered ? 'ordered_list_close' : 'bullet_list_close';
        const items: RichBlock[][] = [];
        i++;
        while (i < tokens.length && tokens[i].type !== close) {
          if (tokens[i].type === 'list_item_open') {
            const item = blocks(tokens, i + 1, 'list_item_close');
            items.push(item.blocks);
            i = item.next;
          } else i++;
        }
        out.push({ kind: 'list', ordered, start: Number(t.attrGet('start') ?? 1) || 1, items });
        i++;
        continue;
      }
      case 'blockquote_open': {
        const inner = blocks(tokens, i + 1, 'blockquote_close');
        out.push({ kind: 'quote', blocks: inner.blocks });
        i = inner.next;
        continue;
      }
      case 'code_block':
      case 'fence':
        out.push({ kind: 'code', text: t.content.replace(/\n$/, '') });
        break;
      case 'hr':
        out.push({ kind: 'rule' });
        break;
      case 'table_open': {
        const rows: RichInline[][][] = [];
        i++;
        while (i < tokens.length && tokens[i].type !== 'table_close') {
          if (tokens[i].type === 'tr_open') rows.push([]);
          else if (tokens[i].type === 'inline') rows[rows.length - 1]?.push(inlines(tokens[i].children));
          i++;
        }
        out.push({ kind: 'table', rows });
        break;
      }
      case 'inline':
        out.push({ kind: 'paragraph', inlines: inlines(t.children) });
        break;
      default:
        if (t.content && t.type !== 'html_block') out.push({ kind: 'paragraph', inlines: [{ kind: 'text', text: t.content }] });
        else if (t.type === 'html_block') out.push({ kind: 'code', text: t.content.replace(/\n$/, '') });
    }
    i++;
  }
  return { blocks: out, next: i };
}

/** Parses an annotation's Markdown into the safe subset the report prints. */
export function parseRichText(markdown: string): RichBlock[] {
  return blocks(parser.parse(markdown, {}), 0, null).blocks;
}
