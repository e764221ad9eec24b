import { z } from 'zod';
import type { Verdict } from '../model/verdict';
import type { MessageParam, MessageRef } from '../i18n/message-ref';

// The verdict as a case file carries it (shared/model/verdict.ts, ../shared/spec/verdict.md). A case file is read
// from disk or a download, so it is checked field by field before the workbench renders it: a hand-edited or
// truncated file becomes an error value, never a crash deep inside a view.

const artifactSummary = z.object({
  name: z.string(),
  format: z.string(),
  sha256: z.string(),
  records: z.number(),
  warnings: z.array(z.string()),
  size: z.number(),
  meta: z.record(z.string(), z.string()).optional(),
});

const flow = z.object({ proto: z.string(), src: z.string(), sport: z.number().nullable(), dst: z.string(), dport: z.number().nullable() });

const owner = z.object({
  kind: z.enum(['iptables', 'nftables', 'module', 'bpf', 'kernel']).nullable(),
  backend: z.enum(['legacy', 'nft']).nullable(),
  table: z.string().nullable(),
  chain: z.string().nullable(),
  rule: z.string().nullable(),
  module: z.string().nullable(),
  hookFunction: z.string().nullable(),
  priority: z.number().nullable(),
});

const drop = z.object({ hook: z.string().nullable(), reason: z.string().nullable(), location: z.string().nullable(), owner, skb: z.array(z.string()) });

// A message reference (shared/i18n/message-ref.ts): a key and parameters that are words, numbers, nested messages or lists.
const messageParam: z.ZodType<MessageParam> = z.lazy(() => z.union([z.string(), z.number(), messageRef, z.object({ list: z.enum(['and', 'semicolon']), items: z.array(messageParam) })]));
const messageRef: z.ZodType<MessageRef> = z.lazy(() => z.object({ key: z.string(), params: z.record(z.string(), messageParam).optional() }));

const timelineEntry = z.object({ t: z.string().nullable(), artifact: z.string(), ref: z.string(), what: z.string(), message: messageRef.optional() });

const evidence = z.object({ artifact: z.string(), ref: z.string(), text: z.string() });

const hookPathStep = z.object({
  priority: z.number().nullable(),
  kind: z.enum(['iptables', 'nftables', 'module', 'kernel', 'bpf']),
  label: z.string(),
  verdict: z.string().nullable(),
  rule: z.string().nullable(),
  dropped: z.boolean(),
  artifact: z.string().nullable(),
  ref: z.string().nullable(),
});

const finding = z.object({
  flow,
  outcome: z.enum(['dropped', 'rejected', 'reset', 'delivered']),
  translated: flow.partial().nullable(),
  drop: drop.nullable(),
  timeline: z.array(timelineEntry),
  evidence: z.array(evidence),
  explanation: z.string(),
  explain: z.array(messageRef).optional(),
  code: z.string(),
  confidence: z.enum(['confirmed', 'corroborated', 'inferred']),
  missing: z.array(z.string()),
  // Cases saved before the engine computed hook paths have none: an empty picture, not an invalid file.
  hookPath: z.array(hookPathStep).default([]),
});

const clockOffset = z.object({ artifact: z.string(), offset: z.number(), uncertainty: z.number(), method: z.string() });

/** The verdict contract as a zod schema; what it yields is assignable to `Verdict`. */
export const verdictSchema = z.object({
  artifacts: z.array(artifactSummary),
  findings: z.array(finding),
  missing: z.array(z.string()),
  clocks: z.array(clockOffset),
  notes: z.array(z.string()),
  kernelHost: z.object({ addresses: z.array(z.string()), capture: z.string().nullable(), reason: z.string() }).optional(),
});

// A schema that drifts from the model is a compile error here, not a surprise when a case is reopened.
type Parsed = z.output<typeof verdictSchema>;
const _agrees: (v: Parsed) => Verdict = (v) => v;
void _agrees;
