import { describe, expect, it } from 'vitest';
import { analyzePaths } from '../../cli/analyze-paths';
import { createCaseFile, parseCaseFile, serializeCaseFile } from '../../shared/case/case-file';
import type { CaseView } from '../../shared/case/case-v1';

// A saved case reopens with the verdict's language-free text (finding `explain`, timeline `message`): the workbench
// words them again in whatever language it speaks then, instead of falling back to the English of the save.

describe('case file and message references', () => {
  it('keeps explain and timeline messages of the hidden-hook verdict through save and reopen', () => {
    const { verdict } = analyzePaths(['test/fixtures/cases/hidden-hook']);
    const file = createCaseFile({ artifacts: [], verdict, annotations: [], view: { finding: 0, artifact: null, zoom: null } as CaseView }, '2026-11-25T00:00:00.000Z');
    const parsed = parseCaseFile(serializeCaseFile(file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const f = parsed.value.verdict!.findings[0];
    expect(f.explain).toEqual(verdict.findings[0].explain);
    expect(f.timeline.map((e) => e.message)).toEqual(verdict.findings[0].timeline.map((e) => e.message));
    expect(f.explain?.[0].key).toMatch(/^explain\./);
  });
});
