import { describe, expect, test } from 'vitest';
import { analyzePaths } from '../../cli/analyze-paths';
import type { CaseContent } from '../../shared/case/case-file';
import { createCaseFile, parseCaseFile, serializeCaseFile } from '../../shared/case/case-file';
import { currentCaseVersion, up } from '../../shared/case/migrate';

// The case file on the real hidden-hook verdict: what is saved comes back equal; what is not a case, an old or
// newer version, or a broken one becomes an error value with a reason.

const verdict = analyzePaths(['test/fixtures/cases/hidden-hook'], (name) => name.endsWith('.md')).verdict;

const content: CaseContent = {
  artifacts: verdict.artifacts.map((a) => ({ name: a.name, size: a.size, sha256: a.sha256, format: a.format })),
  verdict,
  annotations: [
    { id: 'n1', target: { kind: 'mark', artifact: 'bpftrace-kfree_skb.txt', ref: 'line 7', t: '2026-11-24T19:01:41.185726Z' }, text: '**resguard** drops c2', author: 'li.wei', at: '2026-11-24T19:12:00.000Z' },
    { id: 'n2', target: { kind: 'range', from: '2026-11-24T19:01:36.000000Z', to: '2026-11-24T19:01:42.000000Z' }, text: 'six SYNs', author: 'li.wei', at: '2026-11-24T19:13:00.000Z' },
    { id: 'n3', target: { kind: 'line', artifact: 'iptables-save-after.txt', line: 11 }, text: 'counter 0 → 6', author: 'li.wei', at: '2026-11-24T19:14:00.000Z' },
    { id: 'n4', target: { kind: 'finding', findingIndex: 0, flow: '10.0.2.8:43482 → 10.0.0.3:20202 tcp' }, text: 'tell the customer', author: 'li.wei', at: '2026-11-24T19:15:00.000Z' },
  ],
  view: { finding: 0, artifact: 'perf-script-kfree_skb.txt', zoom: { fromUs: 1795633296000000, toUs: 1795633302000000 } },
};

function document(overrides: Record<string, unknown>): string {
  return JSON.stringify({ ...JSON.parse(serializeCaseFile(createCaseFile(content, '2026-11-24T19:20:00.000Z'))), ...overrides });
}

describe('case file v1', () => {
  test('a saved case reads back equal: artifacts by name, size and SHA-256, the verdict, notes and view', () => {
    const text = serializeCaseFile(createCaseFile(content, '2026-11-24T19:20:00.000Z'));
    const parsed = parseCaseFile(text);
    expect(parsed).toEqual({ ok: true, value: { format: 'hookline-case', version: currentCaseVersion, savedAt: '2026-11-24T19:20:00.000Z', ...content } });
    expect(text.endsWith('\n')).toBe(true);
    // It holds no artifact bytes: only names, sizes, hashes, formats.
    expect(JSON.parse(text).artifacts[0]).toEqual({ name: content.artifacts[0].name, size: content.artifacts[0].size, sha256: content.artifacts[0].sha256, format: content.artifacts[0].format });
  });

  test('text that is not JSON, or JSON that is not a case, is an error value', () => {
    expect(parseCaseFile('{"format": "hookline-case",')).toMatchObject({ ok: false, code: 'not-json' });
    expect(parseCaseFile('[]')).toMatchObject({ ok: false, code: 'not-a-case' });
    expect(parseCaseFile('{"artifacts": []}')).toMatchObject({ ok: false, code: 'not-a-case' });
    expect(parseCaseFile('')).toMatchObject({ ok: false, code: 'not-json' });
  });

  test('version 0, a missing or odd version, and a newer version are refused with the reason', () => {
    expect(parseCaseFile(document({ version: 0 }))).toEqual({ ok: false, code: 'unsupported-version', message: 'case file version 0 is not one Hookline ever wrote' });
    expect(parseCaseFile(document({ version: undefined }))).toMatchObject({ ok: false, code: 'unsupported-version' });
    expect(parseCaseFile(document({ version: '1' }))).toMatchObject({ ok: false, code: 'unsupported-version' });
    expect(parseCaseFile(document({ version: 1.5 }))).toMatchObject({ ok: false, code: 'unsupported-version' });
    expect(parseCaseFile(document({ version: 2 }))).toEqual({ ok: false, code: 'newer-version', message: 'this case was saved by a newer Hookline (case file version 2; this one reads up to 1)' });
  });

  test('a v1 file with a broken field names the field', () => {
    const badSha = parseCaseFile(document({ artifacts: [{ name: 'a.pcap', size: 1, sha256: 'xyz', format: 'pcap' }] }));
    expect(badSha).toMatchObject({ ok: false, code: 'invalid-case' });
    expect(!badSha.ok && badSha.message).toContain('artifacts.0.sha256');
    const badNote = parseCaseFile(document({ annotations: [{ id: 'x', target: { kind: 'line', artifact: 'a', line: 0 }, text: '', author: '', at: '' }] }));
    expect(!badNote.ok && badNote.message).toContain('annotations.0.target.line');
    const badZoom = parseCaseFile(document({ view: { finding: null, artifact: null, zoom: { fromUs: 5, toUs: 5 } } }));
    expect(!badZoom.ok && badZoom.message).toContain('a zoom range ends after it starts');
    const badVerdict = parseCaseFile(document({ verdict: { ...verdict, findings: [{ ...verdict.findings[0], outcome: 'vanished' }] } }));
    expect(!badVerdict.ok && badVerdict.message).toContain('verdict.findings.0.outcome');
  });

  test('a verdict saved before findings had hook paths opens with empty ones', () => {
    const old = JSON.parse(document({}));
    for (const f of old.verdict.findings) delete f.hookPath;
    const parsed = up(old);
    expect(parsed.ok && parsed.value.verdict?.findings.map((f) => f.hookPath)).toEqual(verdict.findings.map(() => []));
  });

  test('a case without a verdict (nothing analysed yet) is valid', () => {
    expect(parseCaseFile(document({ verdict: null, artifacts: [], annotations: [] }))).toMatchObject({ ok: true, value: { verdict: null } });
  });
});
