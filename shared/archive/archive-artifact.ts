import type { IngestedArtifact } from '../engine/ingest';
import type { HasherFactory } from '../engine/hasher';
import type { ArtifactSource } from '../formats/format';
import { formatWarning } from '../model/artifact';
import type { ArchiveExpansion } from './expand-archive';

/**
 * The archive itself as an artifact of the case: its name, SHA-256 and size as received, `format: 'archive'`, the
 * member count as its records, and every refusal as a warning — so the inventory says what was opened and what
 * was not. Its members are separate artifacts (ingested as usual).
 */
export function archiveArtifact(source: ArtifactSource, expansion: ArchiveExpansion, createHasher: HasherFactory): IngestedArtifact {
  const hasher = createHasher();
  for (const chunk of source.chunks()) hasher.update(chunk);
  const meta: Record<string, string> = { container: expansion.container, members: String(expansion.members.length) };
  if (expansion.nested.length) meta.nested = expansion.nested.join(', ');
  return {
    summary: {
      name: source.name,
      format: 'archive',
      sha256: hasher.digestHex(),
      records: expansion.members.length,
      warnings: expansion.warnings.map(formatWarning),
      size: source.size,
      meta,
    },
    records: [],
    warnings: expansion.warnings,
  };
}
