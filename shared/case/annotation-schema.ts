import { z } from 'zod';
import type { Annotation } from '../model/annotation';

/** What an annotation is pinned to (shared/model/annotation.ts), checked when a case file is read. */
export const annotationTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('finding'), findingIndex: z.number().int().min(0), flow: z.string() }),
  z.object({ kind: z.literal('mark'), artifact: z.string(), ref: z.string(), t: z.string().nullable() }),
  z.object({ kind: z.literal('range'), from: z.string(), to: z.string() }),
  z.object({ kind: z.literal('line'), artifact: z.string(), line: z.number().int().min(1) }),
]);

/** One annotation as a case file stores it. */
export const annotationSchema = z.object({
  id: z.string().min(1),
  target: annotationTargetSchema,
  text: z.string(),
  author: z.string(),
  at: z.string(),
});

type Parsed = z.output<typeof annotationSchema>;
const _agrees: (a: Parsed) => Annotation = (a) => a;
void _agrees;
