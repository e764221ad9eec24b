import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

// Notes are Markdown written by the engineer, but case files travel (a customer's, a colleague's): the text is
// untrusted. markdown-it with `html: false` never passes raw HTML through, and DOMPurify cleans what it renders
// (belt and braces), with images forbidden (no request leaves an offline tool) and links opened outside the app.
// Ref: https://github.com/markdown-it/markdown-it/blob/master/docs/security.md

// Images are switched off in the parser itself: `![x](url)` stays text, whatever the sanitiser does.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false }).disable('image');

// Links open outside the app, never in its window. Ref: markdown-it docs/architecture.md ("Renderer" rules).
markdown.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx].attrSet('target', '_blank');
  tokens[idx].attrSet('rel', 'noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

/** A note's Markdown as safe HTML. */
export function renderMarkdown(text: string): string {
  return DOMPurify.sanitize(markdown.render(text), { FORBID_TAGS: ['img', 'style', 'form', 'input', 'button'], FORBID_ATTR: ['style'], ADD_ATTR: ['target'] });
}
