import type { Annotation } from '../model/annotation';
import type { Verdict } from '../model/verdict';
import { caseFormatTag } from './case-v1';
import type { CaseArtifact, CaseView } from './case-v1';
import type { CaseFile, CaseResult } from './migrate';
import { currentCaseVersion, up } from './migrate';

/** What the workbench hands over to be saved; the file adds its format tag, version and save time. */
export interface CaseContent {
  artifacts: CaseArtifact[];
  verdict: Verdict | null;
  annotations: Annotation[];
  view: CaseView;
}

/** A case file of the current version around `content`, stamped `savedAt` (ISO-8601 UTC). */
export function createCaseFile(content: CaseContent, savedAt: string): CaseFile {
  return { format: caseFormatTag, version: currentCaseVersion, savedAt, ...content };
}

/** The JSON text of a case file (two-space indented: a case is small and engineers read it in diffs). */
export function serializeCaseFile(file: CaseFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Reads a case file's text: JSON, then `up()` to the current version. Never throws. */
export function parseCaseFile(text: string): CaseResult<CaseFile> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: 'not-json', message: `the case file is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  return up(document);
}
