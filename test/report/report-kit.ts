import { HtmlValidate } from 'html-validate';
import { analyzePaths } from '../../cli/analyze-paths';
import type { Annotation } from '../../shared/model/annotation';
import type { ReportInput } from '../../shared/report/report-model';
import { reportMeta } from '../../shared/report/report-model';

// Shared by the report tests: the three real fixture cases run through the engine as the CLI does, fixed
// report metadata (no clock), HTML validation with html-validate's recommended rules, and a scan for URLs
// anywhere but in text.

export const CASES = ['hidden-hook', 'output-synack', 'seed-centos7'] as const;

/** The report input of a case folder (EXPECTED.md is the case's notes, not an artifact). */
export function caseInput(path: string, annotations: Annotation[] = [], caseName = path.split('/').pop() ?? path): ReportInput {
  const { verdict } = analyzePaths([path], (name) => name.endsWith('EXPECTED.md'));
  return { meta: reportMeta(caseName, '2026-11-25T10:00:00.000Z', 'Hookline test'), verdict, annotations };
}

const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

/** html-validate's verdict: valid, or the messages that say why not. */
export async function validateHtml(html: string): Promise<{ valid: boolean; messages: string[] }> {
  const report = await validator.validateString(html);
  return { valid: report.valid, messages: report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`)) };
}

/**
 * The markup of a document without its text: tags with their attributes, and the content of <style>. A URL in
 * here could make the browser load or link something; a URL in text is only shown.
 */
export function markupOnly(html: string): string {
  const out: string[] = [];
  const tag = /<[^>]*>/g;
  let m: RegExpExecArray | null;
  let inStyle = false;
  let last = 0;
  while ((m = tag.exec(html))) {
    if (inStyle) out.push(html.slice(last, m.index));
    out.push(m[0]);
    if (/^<style\b/i.test(m[0])) inStyle = true;
    if (/^<\/style/i.test(m[0])) inStyle = false;
    last = tag.lastIndex;
  }
  return out.join('\n');
}

/** Decodes the five entities escapeHtml writes (and numeric ones), to compare shown text with the source. */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x[0-9a-f]+|#\d+);/gi, (all, name: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
    if (named[name.toLowerCase()]) return named[name.toLowerCase()];
    return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
  });
}

/**
 * A strict well-formedness check for the SVG files the report writes (no XML parser in Node): every `<` opens a
 * tag with double-quoted attributes and no `<` inside them, tags balance, and `&` only starts the entities the
 * escape writes. Returns the first problem, or null.
 */
export function xmlProblem(xml: string): string | null {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|#39);)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(body))) {
    if (m[0] === '<') return `stray < at ${m.index}`;
    if (m[0] === '&') return `bare & at ${m.index}`;
    const [, close, name, , selfClose] = m;
    if (selfClose) continue;
    if (close) {
      if (stack.pop() !== name) return `</${name}> closes the wrong element at ${m.index}`;
    } else stack.push(name);
  }
  return stack.length ? `unclosed <${stack.join('>, <')}>` : null;
}
