import { visibleControls } from './escape-html';

// Untrusted text in the Markdown report: a renderer that allows inline HTML (most do) must see `<script>` as
// text, and a rule comment must not open a link, a table cell or a heading. CommonMark lets any ASCII
// punctuation be backslash-escaped; code spans and fences are literal, so they only need a longer backtick run.
// Ref: CommonMark 0.31.2 §2.4 (backslash escapes), §4.5 (fenced code blocks), §6.1 (code spans);
// GFM §4.10 (a pipe inside a table cell, code spans included, is escaped as `\|`).

/** Escapes text for a Markdown paragraph, list item or table cell: one line, no markup, no HTML. */
export function escapeMarkdown(text: string): string {
  const line = visibleControls(text).replace(/\r\n|\r|\n/g, ' ');
  // An underscore inside a word never opens or closes emphasis (CommonMark §6.2), so `LOCAL_IN` stays readable.
  const escaped = line.replace(/[\\`*[\]<>&|~#!{}]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (c) => `\\${c}`);
  // A bare URL would become a link in GFM readers (autolink extension, GFM §6.9): an escaped `:` or `.` breaks
  // the match and still shows the same characters.
  const unlinked = escaped.replace(/:\/\//g, '\\://').replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`);
  // Block markers only matter at the start of a line: a list bullet, an ordered-list number, a setext underline.
  return unlinked.replace(/^(\s*)([-+=])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

function longestRun(text: string, char: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** An inline code span that shows `text` literally, whatever backticks it holds; `inTable` escapes pipes too. */
export function markdownCode(text: string, inTable = false): string {
  let body = visibleControls(text).replace(/\r\n|\r|\n/g, ' ');
  if (inTable) body = body.replace(/\|/g, '\\|');
  const ticks = '`'.repeat(longestRun(body, '`') + 1);
  // One space each side is stripped by the reader when both are there; it separates a backtick from the fence.
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ') && body.trim() !== '') ? ' ' : '';
  if (body === '') return '` `';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced code block that shows `text` literally (the fence is longer than any backtick run inside). */
export function markdownFence(text: string, info = ''): string {
  const body = visibleControls(text).replace(/\r\n|\r/g, '\n');
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}
