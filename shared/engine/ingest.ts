import { passOnce, type ArtifactSource, type ParseContext, type ProbeInput } from '../formats/format';
import { detectFormat } from '../formats/registry';
import type { ArtifactSummary, ParseWarning } from '../model/artifact';
import { formatWarning } from '../model/artifact';
import type { HooklineRecord } from '../model/records';
import { probeText } from '../text/clean-text';
import type { HasherFactory } from './hasher';
import { hashingPass } from './hashing-pass';

const PROBE_BYTES = 65536;
/** Warnings beyond this many per artifact are counted, not listed. */
const MAX_WARNINGS = 200;
/**
 * Records kept per artifact for the engine. Beyond it the file is still hashed and counted to the end, but its
 * later records are not analysed — and the artifact says so — so a multi-GB capture cannot exhaust memory.
 * (The columnar packet store of the performance issue lifts this.)
 */
export const MAX_RETAINED_RECORDS = 1_000_000;

/** An artifact after ingest: its summary (verdict contract) and the records the engine works on. */
export interface IngestedArtifact {
  summary: ArtifactSummary;
  records: HooklineRecord[];
  warnings: ParseWarning[];
}

/** The first 64 KiB, for the probe (one chunk read; the rest of the file is not touched). */
function headOf(source: ArtifactSource): Uint8Array {
  const head = new Uint8Array(Math.min(PROBE_BYTES, source.size || PROBE_BYTES));
  let filled = 0;
  const it = passOnce(source)[Symbol.iterator]();
  try {
    for (let step = it.next(); !step.done && filled < head.length; step = it.next()) {
      const take = Math.min(head.length - filled, step.value.length);
      head.set(step.value.subarray(0, take), filled);
      filled += take;
    }
  } finally {
    it.return?.();
  }
  return head.subarray(0, filled);
}

/**
 * Hashes, detects and parses one artifact, reading it once. Never throws: a parser failure becomes a warning.
 * With `createHasher` null the host hashes the file itself (the CLI does, on another thread, while this parses)
 * and fills `summary.sha256`, left empty here.
 */
export function ingestArtifact(source: ArtifactSource, createHasher: HasherFactory | null): IngestedArtifact {
  const hasher = createHasher?.() ?? null;
  const bytes = headOf(source);
  const probe: ProbeInput = { bytes, text: probeText(bytes), size: source.size };
  const format = detectFormat(probe);
  const warnings: ParseWarning[] = [];
  const meta: Record<string, string> = {};
  const records: HooklineRecord[] = [];
  let count = 0;
  const pass = hasher ? hashingPass(source, hasher) : null;
  if (format) {
    const ctx: ParseContext = {
      warn: (w) => {
        warnings.push(w);
      },
      meta: (k, v) => {
        meta[k] = v;
      },
    };
    try {
      for (const record of format.parse(pass?.source ?? source, ctx)) {
        if (records.length < MAX_RETAINED_RECORDS) records.push(record);
        count += format.count ? format.count(record) : 1;
      }
    } catch (error) {
      warnings.push({ code: `${format.id}/parser-failed`, message: `parser stopped: ${String(error)}` });
    }
  } else if (source.size === 0) {
    warnings.push({ code: 'ingest/empty', message: 'empty file' });
  }
  pass?.finish();
  if (records.length >= MAX_RETAINED_RECORDS && count > records.length) {
    warnings.unshift({ code: 'ingest/records-capped', message: `only the first ${MAX_RETAINED_RECORDS.toLocaleString('en')} of ${count.toLocaleString('en')} records are analysed (the file is hashed and counted whole)` });
  }
  const listed = warnings.slice(0, MAX_WARNINGS).map(formatWarning);
  if (warnings.length > MAX_WARNINGS) listed.push(`… and ${warnings.length - MAX_WARNINGS} more warnings`);
  const summary: ArtifactSummary = {
    name: source.name,
    format: format ? format.id : 'unknown',
    sha256: hasher ? hasher.digestHex() : '',
    records: count,
    warnings: listed,
    size: source.size,
  };
  if (Object.keys(meta).length > 0) summary.meta = meta;
  return { summary, records, warnings };
}
