import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/model/annotation';
import { readBundle, renderBundle } from '../../shared/report/report-bundle';
import { renderReport, reportFormatOf } from '../../shared/report/render-report';
import { CASES, caseInput } from './report-kit';

// The JSON bundle: the verdict contract, the annotations and the report metadata under a versioned envelope.

const notes: Annotation[] = [{ id: 'n1', target: { kind: 'line', artifact: 'dmesg.txt', line: 3 }, text: 'LOG *before* the drop', author: 'li.wei', at: '2026-11-24T19:12:00Z' }];

describe('the JSON bundle', () => {
  it.each(CASES)('%s round-trips to the same report input', (name) => {
    const input = caseInput(`test/fixtures/cases/${name}`, notes);
    const json = renderBundle(input);
    const parsed = JSON.parse(json);
    expect(Object.keys(parsed)).toEqual(['hookline', 'version', 'meta', 'verdict', 'annotations']);
    expect(parsed.hookline).toBe('report');
    expect(parsed.version).toBe(1);
    const read = readBundle(json);
    expect(read).toEqual({ ok: true, input });
    // Reading and writing again changes nothing.
    if (read.ok) expect(renderBundle(read.input)).toBe(json);
  });

  it('refuses what it does not know instead of guessing', () => {
    const json = renderBundle(caseInput('test/fixtures/cases/hidden-hook'));
    expect(readBundle(json.replace('"version": 1', '"version": 2'))).toEqual({ ok: false, error: 'unknown report bundle version 2 (this Hookline reads version 1)' });
    expect(readBundle('{"hookline":"case","version":1}')).toEqual({ ok: false, error: 'not a Hookline report bundle (no "hookline": "report")' });
    expect(readBundle('{"hookline":"report"')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON: /) });
    expect(readBundle(json.replace('"findings": [', '"findings": {"x": [').replace(/\]\s*,\s*"missing"/, ']}, "missing"'))).toMatchObject({ ok: false });
    expect(readBundle(JSON.stringify({ ...JSON.parse(json), annotations: [{ text: 1 }] }))).toEqual({ ok: false, error: 'annotations: each needs a target and a text' });
  });
});

describe('renderReport', () => {
  const input = caseInput('test/fixtures/cases/hidden-hook');

  it('picks the format from a file name', () => {
    expect(['a.html', 'b.HTM', 'c.md', 'd.markdown', 'e.json', 'f.pdf', 'g.txt', 'noext'].map(reportFormatOf)).toEqual(['html', 'html', 'markdown', 'markdown', 'json', 'pdf', null, null]);
  });

  it('renders each format with its type and side files', () => {
    const html = renderReport(input, 'html');
    expect([html.mimeType, html.extension, html.files.length, html.content.startsWith('<!DOCTYPE html>')]).toEqual(['text/html;charset=utf-8', 'html', 0, true]);
    const md = renderReport(input, 'markdown', { assetBase: 'pm' });
    expect([md.mimeType, md.extension, md.files.map((f) => f.name)]).toEqual(['text/markdown;charset=utf-8', 'md', ['pm-finding-1-timeline.svg', 'pm-finding-2-timeline.svg']]);
    const json = renderReport(input, 'json');
    expect([json.mimeType, json.extension, JSON.parse(json.content).verdict]).toEqual(['application/json', 'json', input.verdict]);
  });

  it('is a pure function of its input: the same input renders the same bytes', () => {
    expect(renderReport(caseInput('test/fixtures/cases/hidden-hook'), 'html').content).toBe(renderReport(input, 'html').content);
  });
});
