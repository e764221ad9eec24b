import type { Verdict } from '../model/verdict';
import type { IngestedArtifact } from './ingest';

/** From ingested artifacts to the verdict. Correlation lives in `shared/correlate/`; this is the one entry point. */
export function analyze(artifacts: IngestedArtifact[]): Verdict {
  return {
    artifacts: artifacts.map((a) => a.summary),
    findings: [],
    missing: [],
    clocks: [],
    notes: [],
  };
}
