import type { IngestedArtifact } from '../engine/ingest';

/** One MANIFEST line checked against the artifact it names. */
export interface ManifestCheck {
  /** The MANIFEST artifact's name. */
  manifest: string;
  /** The artifact the line names (`archive.tar.gz/folder/perf-script-kfree_skb.txt`), null when it is not in the case. */
  artifact: string | null;
  file: string;
  command: string;
  /** match: same SHA-256; mismatch: the bytes changed since collection; absent: not in the case (0 bytes, or lost). */
  status: 'match' | 'mismatch' | 'absent' | 'unhashed';
}

/**
 * The provenance of each artifact from the collector's MANIFEST beside it (same folder): the command that made
 * it, and whether its bytes are still the ones collected. Pure: works on ingested artifacts.
 */
export function checkManifests(artifacts: IngestedArtifact[]): ManifestCheck[] {
  const out: ManifestCheck[] = [];
  const byName = new Map(artifacts.map((a) => [a.summary.name, a.summary]));
  for (const m of artifacts) {
    if (m.summary.format !== 'manifest') continue;
    const slash = m.summary.name.lastIndexOf('/');
    const folder = slash >= 0 ? m.summary.name.slice(0, slash + 1) : '';
    for (const r of m.records) {
      if (r.kind !== 'manifest-entry') continue;
      const summary = byName.get(folder + r.file);
      const status = !summary ? 'absent' : r.sha256 === null ? 'unhashed' : summary.sha256 === r.sha256 ? 'match' : 'mismatch';
      out.push({ manifest: m.summary.name, artifact: summary ? summary.name : null, file: r.file, command: r.command, status });
    }
  }
  return out;
}
