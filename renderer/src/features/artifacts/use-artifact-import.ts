import type { EngineClient } from '../../engine/engine-client';
import { artifactPath } from '../../platform/artifact-path';
import { useCaseStore } from '../../stores/case-store';
import { useImportStore } from '../../stores/import-store';

/**
 * Sends files to the engine and keeps the stores in step: each file is listed at once as queued, shows progress
 * while read, lands in the case when done; the verdict is recomputed when the batch is over.
 */
export function useArtifactImport(engine: EngineClient) {
  const caseStore = useCaseStore();
  const importStore = useImportStore();

  async function importFiles(files: File[]): Promise<void> {
    if (files.length === 0) return;
    const names = files.map(artifactPath);
    const handle = engine.ingest(files, names, (report) => {
      if (report.phase === 'done' && report.summary) caseStore.addArtifact(report.summary);
      if (report.phase === 'done') for (const member of report.members ?? []) caseStore.addArtifact(member);
      importStore.progress(report);
    });
    importStore.begin(handle.batch, files.map((file, i) => ({ name: names[i], size: file.size })), handle.cancel);
    let failure: string | null = null;
    try {
      await handle.done;
      caseStore.setVerdict(await engine.verdict());
    } catch (error) {
      failure = `the engine failed: ${String(error)}`;
    } finally {
      importStore.end(handle.batch, failure);
    }
  }

  return { importFiles };
}
