import { analyze } from '../shared/engine/analyze';
import { ingestArtifact, type IngestedArtifact } from '../shared/engine/ingest';
import type { Verdict } from '../shared/model/verdict';
import { collectPaths } from './collect-paths';
import { nodeSha256 } from './node-hasher';
import { fileSource } from './node-source';

/** Ingests files and folders from disk and runs the engine: what `hookline analyze` and the Node tests use. */
export function analyzePaths(paths: string[], exclude: (name: string) => boolean = () => false): { verdict: Verdict; ingested: IngestedArtifact[]; errors: string[] } {
  const { files, errors } = collectPaths(paths);
  const ingested = files.filter((f) => !exclude(f.name)).map((f) => ingestArtifact(fileSource(f.path, f.name), nodeSha256));
  return { verdict: analyze(ingested), ingested, errors };
}
