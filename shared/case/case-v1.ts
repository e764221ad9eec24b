import { z } from 'zod';
import { annotationSchema } from './annotation-schema';
import { verdictSchema } from './verdict-schema';

// Version 1 of the case file. A case names its artifacts (by name, size and SHA-256: the bytes are never copied
// into it nor modified), keeps the computed verdict, the engineer's annotations and where they were looking.
// Once released, this schema never changes: a change is a `case-v2.ts` plus a step in migrate.ts.

/** The `format` field every case file carries, so that a stray JSON file is told apart from a case. */
export const caseFormatTag = 'hookline-case';

/** An artifact as the case remembers it: enough to recognise the same bytes when the engineer adds them again. */
export const caseArtifactSchema = z.object({
  name: z.string().min(1),
  size: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lower-case hex digits'),
  format: z.string(),
});

/** A time range on the corrected wall clock, in µs since the epoch (what the timeline zooms to). */
export const zoomRangeSchema = z
  .object({ fromUs: z.number().finite(), toUs: z.number().finite() })
  .refine((r) => r.toUs > r.fromUs, 'a zoom range ends after it starts');

/** Where the engineer was looking: restored when the case is reopened. */
export const caseViewSchema = z.object({
  /** Index of the selected finding in `verdict.findings`. */
  finding: z.number().int().min(0).nullable(),
  /** The artifact open in the evidence panel. */
  artifact: z.string().nullable(),
  zoom: zoomRangeSchema.nullable(),
});

/** The whole case file, version 1. */
export const caseV1Schema = z.object({
  format: z.literal(caseFormatTag),
  version: z.literal(1),
  /** ISO-8601 UTC of the save. */
  savedAt: z.string(),
  artifacts: z.array(caseArtifactSchema),
  verdict: verdictSchema.nullable(),
  annotations: z.array(annotationSchema),
  view: caseViewSchema,
});

/** A case file as version 1 stores it. */
export type CaseV1 = z.output<typeof caseV1Schema>;
/** One artifact reference of a case. */
export type CaseArtifact = z.output<typeof caseArtifactSchema>;
/** The saved view state of a case. */
export type CaseView = z.output<typeof caseViewSchema>;
