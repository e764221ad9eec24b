import { renderBundle } from './report-bundle';
import type { ReportFile, ReportInput } from './report-model';
import { renderHtml } from './render-html';
import { renderMarkdown, type MarkdownOptions } from './render-markdown';

// The one entry point the hosts call: the CLI (`--report FILE`), the workbench's export buttons (browser and
// Electron) and tests. PDF is not rendered here: it is the HTML printed by Chromium — Electron's printToPDF
// on the desktop (electron/pdf-export.ts), headless Chromium from the CLI (cli/pdf-printer.ts).

/** What the engine renders itself. */
export type ReportFormat = 'html' | 'markdown' | 'json';

/** A rendered report: its main file's text and type, and files to write beside it. */
export interface RenderedReport {
  format: ReportFormat;
  mimeType: string;
  /** Usual file extension, without the dot. */
  extension: string;
  content: string;
  /** Side files (the Markdown report's SVG figures), named relative to the report's folder. */
  files: ReportFile[];
}

/** Renders the report in one format. Markdown options say how figures travel (side files by default). */
export function renderReport(input: ReportInput, format: ReportFormat, markdown: MarkdownOptions = {}): RenderedReport {
  switch (format) {
    case 'html':
      return { format, mimeType: 'text/html;charset=utf-8', extension: 'html', content: renderHtml(input), files: [] };
    case 'markdown': {
      const md = renderMarkdown(input, markdown);
      return { format, mimeType: 'text/markdown;charset=utf-8', extension: 'md', content: md.markdown, files: md.files };
    }
    case 'json':
      return { format, mimeType: 'application/json', extension: 'json', content: renderBundle(input), files: [] };
  }
}

/** The report format a file name asks for, by extension: `.html`/`.htm`, `.md`/`.markdown`, `.json`, `.pdf`; else null. */
export function reportFormatOf(fileName: string): ReportFormat | 'pdf' | null {
  const m = /\.([A-Za-z]+)$/.exec(fileName);
  const ext = m ? m[1].toLowerCase() : '';
  if (ext === 'html' || ext === 'htm') return 'html';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'json') return 'json';
  if (ext === 'pdf') return 'pdf';
  return null;
}
