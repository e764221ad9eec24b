import { caseFormatTag, caseV1Schema } from './case-v1';
import type { CaseV1 } from './case-v1';

// The migration seam (hoppscotch-data's `up()`): a case file of any released version is brought up to the current
// one step by step, then checked against the current schema. Version 1 is the first release, so there is no step
// yet; version 2 adds `steps[1]` (v1 → v2) and nothing else changes for callers.

/** The version `serializeCaseFile` writes and `up()` returns. */
export const currentCaseVersion = 1;

/** The current case file shape. */
export type CaseFile = CaseV1;

/** Why a document is not an openable case. */
export type CaseErrorCode = 'not-json' | 'not-a-case' | 'unsupported-version' | 'newer-version' | 'invalid-case';

/** A case file read, or why it could not be: errors are values, never exceptions. */
export type CaseResult<T> = { ok: true; value: T } | { ok: false; code: CaseErrorCode; message: string };

/** `steps[n]` turns a version-n document into a version-(n+1) one. Empty while version 1 is the only one. */
const steps: ReadonlyArray<(document: Record<string, unknown>) => Record<string, unknown>> = [];

function failure(code: CaseErrorCode, message: string): CaseResult<never> {
  return { ok: false, code, message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Brings a parsed JSON document up to the current case version, validating it; unknown or broken → an error value. */
export function up(document: unknown): CaseResult<CaseFile> {
  if (!isRecord(document) || document.format !== caseFormatTag) {
    return failure('not-a-case', `not a Hookline case file (no "format": "${caseFormatTag}")`);
  }
  const version = document.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    // Nothing before version 1 was ever released: a "version 0" or a missing version is not a case we wrote.
    return failure('unsupported-version', `case file version ${JSON.stringify(version ?? null)} is not one Hookline ever wrote`);
  }
  if (version > currentCaseVersion) {
    return failure('newer-version', `this case was saved by a newer Hookline (case file version ${version}; this one reads up to ${currentCaseVersion})`);
  }
  let current: Record<string, unknown> = document;
  for (let from = version; from < currentCaseVersion; from++) current = steps[from - 1](current);
  const checked = caseV1Schema.safeParse(current);
  if (!checked.success) {
    const first = checked.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return failure('invalid-case', `the case file does not hold a valid case: ${first.join('; ')}`);
  }
  return { ok: true, value: checked.data };
}
