import type { ArtifactSource, ParseContext, ProbeInput } from '../formats/format';
import { detectFormat } from '../formats/registry';
import type { ArtifactSummary, ParseWarning } from '../model/artifact';
import { formatWarning } from '../model/artifact';
import type { HooklineRecord } from '../model/records';
import { probeText } from '../text/clean-text';
import type { HasherFactory } from './hasher';

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

function headOf(source: ArtifactSource, hasher: ReturnType<HasherFactory>): Uint8Array {
  // One pass: hash every chunk and keep the first 64 KiB for the probe.
  const head = new Uint8Array(Math.min(PROBE_BYTES, source.size || PROBE_BYTES));
  let filled = 0;
  for (const chunk of source.chunks()) {
    hasher.update(chunk);
    if (filled < head.length) {
      const take = Math.min(head.length - filled, chunk.length);
      head.set(chunk.subarray(0, take), filled);
      filled += take;
    }
  }
  return head.subarray(0, filled);
}

/** Hashes, detects and parses one artifact. Never throws: a parser failure becomes a warning. */
export function ingestArtifact(source: ArtifactSource, createHasher: HasherFactory): IngestedArtifact {
  const hasher = createHasher();
  const bytes = headOf(source, hasher);
  const probe: ProbeInput = { bytes, text: probeText(bytes), size: source.size };
  const format = detectFormat(probe);
  const warnings: ParseWarning[] = [];
  const meta: Record<string, string> = {};
  const records: HooklineRecord[] = [];
  let count = 0;
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
      for (const record of format.parse(source, ctx)) {
        if (records.length < MAX_RETAINED_RECORDS) records.push(record);
        count += format.count ? format.count(record) : 1;
      }
    } catch (error) {
      warnings.push({ code: `${format.id}/parser-failed`, message: `parser stopped: ${String(error)}` });
    }
  } else if (source.size === 0) {
    warnings.push({ code: 'ingest/empty', message: 'empty file' });
  }
  if (records.length >= MAX_RETAINED_RECORDS && count > records.length) {
    warnings.unshift({ code: 'ingest/records-capped', message: `only the first ${MAX_RETAINED_RECORDS.toLocaleString('en')} of ${count.toLocaleString('en')} records are analysed (the file is hashed and counted whole)` });
  }
  const listed = warnings.slice(0, MAX_WARNINGS).map(formatWarning);
  if (warnings.length > MAX_WARNINGS) listed.push(`… and ${warnings.length - MAX_WARNINGS} more warnings`);
  const summary: ArtifactSummary = {
    name: source.name,
    format: format ? format.id : 'unknown',
    sha256: hasher.digestHex(),
    records: count,
    warnings: listed,
    size: source.size,
  };
  if (Object.keys(meta).length > 0) summary.meta = meta;
  return { summary, records, warnings };
}
