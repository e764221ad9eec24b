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
        records.push(record);
        count += format.count ? format.count(record) : 1;
      }
    } catch (error) {
      warnings.push({ code: `${format.id}/parser-failed`, message: `parser stopped: ${String(error)}` });
    }
  } else if (source.size === 0) {
    warnings.push({ code: 'ingest/empty', message: 'empty file' });
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
