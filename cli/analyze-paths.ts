import { analyze } from '../shared/engine/analyze';
import { ingestArtifact, type IngestedArtifact } from '../shared/engine/ingest';
import { archiveArtifact } from '../shared/archive/archive-artifact';
import { expandArchive } from '../shared/archive/expand-archive';
import { checkManifests } from '../shared/archive/manifest-check';
import type { Verdict } from '../shared/model/verdict';
import { collectPaths } from './collect-paths';
import { nodeSha256 } from './node-hasher';
import { fileSource } from './node-source';

/**
 * Ingests files and folders from disk and runs the engine: what `hookline analyze` and the Node tests use.
 * A file whose content is an archive (tar, .tar.gz, zip, gzip) is opened in memory: the archive is listed as an
 * artifact of its own (hash, refusals as warnings) and each member is ingested as `archive/path/in/it`.
 */
export function analyzePaths(paths: string[], exclude: (name: string) => boolean = () => false): { verdict: Verdict; ingested: IngestedArtifact[]; errors: string[]; archiveWarnings: string[] } {
  const { files, errors } = collectPaths(paths);
  const ingested: IngestedArtifact[] = [];
  const archiveWarnings: string[] = [];
  for (const f of files) {
    if (exclude(f.name)) continue;
    const source = fileSource(f.path, f.name);
    const expansion = expandArchive(source);
    if (!expansion) {
      ingested.push(ingestArtifact(source, nodeSha256));
      continue;
    }
    const archive = archiveArtifact(source, expansion, nodeSha256);
    ingested.push(archive);
    for (const w of archive.summary.warnings) archiveWarnings.push(`${f.name}: ${w}`);
    for (const member of expansion.members) if (!exclude(member.name)) ingested.push(ingestArtifact(member, nodeSha256));
  }
  // A collector MANIFEST vouches for the bytes: a file changed since collection is worth telling the engineer.
  for (const c of checkManifests(ingested)) if (c.status === 'mismatch') archiveWarnings.push(`${c.artifact}: SHA-256 differs from ${c.manifest} (changed since collection)`);
  return { verdict: analyze(ingested), ingested, errors, archiveWarnings };
}
