import type { Annotation } from '../model/annotation';
import type { Verdict } from '../model/verdict';
import type { ReportInput, ReportMeta } from './report-model';

// The machine-readable report: the verdict contract (../shared/spec/verdict.md) unchanged, the annotations and
// the report metadata, under a versioned envelope so another tool can tell what it holds and a later Hookline
// can migrate it. Version 1 is this shape; a reader refuses versions it does not know rather than guess.

/** The bundle's format marker and version. */
export const bundleFormat = { hookline: 'report', version: 1 } as const;

/** The JSON bundle, version 1. */
export interface ReportBundle {
  hookline: 'report';
  version: 1;
  meta: ReportMeta;
  verdict: Verdict;
  annotations: Annotation[];
}

/** The bundle of a report as pretty-printed JSON (two-space indent, trailing newline). */
export function renderBundle(input: ReportInput): string {
  const bundle: ReportBundle = { ...bundleFormat, meta: input.meta, verdict: input.verdict, annotations: input.annotations };
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/** A bundle read back, or why it cannot be. */
export type BundleRead = { ok: true; input: ReportInput } | { ok: false; error: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a bundle's JSON text back into report input; checks the envelope and the shape of its parts. */
export function readBundle(json: string): BundleRead {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  if (!isObject(value) || value.hookline !== bundleFormat.hookline) return { ok: false, error: 'not a Hookline report bundle (no "hookline": "report")' };
  if (value.version !== bundleFormat.version) return { ok: false, error: `unknown report bundle version ${JSON.stringify(value.version)} (this Hookline reads version ${bundleFormat.version})` };
  const { meta, verdict, annotations } = value;
  if (!isObject(meta) || !['title', 'caseName', 'generatedAt', 'generator', 'locale'].every((k) => typeof meta[k] === 'string')) return { ok: false, error: 'meta: title, caseName, generatedAt, generator and locale must be strings' };
  if (!isObject(verdict) || !['artifacts', 'findings', 'missing', 'clocks', 'notes'].every((k) => Array.isArray(verdict[k]))) return { ok: false, error: 'verdict: artifacts, findings, missing, clocks and notes must be arrays' };
  if (!Array.isArray(annotations) || !annotations.every((a) => isObject(a) && typeof a.text === 'string' && isObject(a.target))) return { ok: false, error: 'annotations: each needs a target and a text' };
  return { ok: true, input: { meta: meta as unknown as ReportMeta, verdict: verdict as unknown as Verdict, annotations: annotations as unknown as Annotation[] } };
}
