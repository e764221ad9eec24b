import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CaseArtifact } from '../../../shared/case/case-v1';
import type { ArtifactSummary } from '../../../shared/model/artifact';
import type { Finding, Verdict } from '../../../shared/model/verdict';

/** An artifact the engineer added again whose bytes are not those the case was saved with. */
export interface ChangedArtifact {
  name: string;
  /** The name the case knew it by (the same, or the same file name inside another folder). */
  savedAs: string;
  savedSha256: string;
  sha256: string;
}

function baseName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** The case: durable state, everything a saved case file keeps (the annotations have their own store). */
export const useCaseStore = defineStore('case', () => {
  /** The artifacts as the engine summarised them (format, records, SHA-256, warnings), in arrival order; names are unique. */
  const artifacts = ref<ArtifactSummary[]>([]);
  /** The engine's latest verdict over all artifacts (or the one a reopened case saved); null until there is one. */
  const verdict = ref<Verdict | null>(null);
  /**
   * The artifacts a reopened case names (name, size, SHA-256): a case holds no bytes, so the engineer adds them
   * again; empty for a case started in this session.
   */
  const restored = ref<CaseArtifact[]>([]);

  /** The verdict's findings, in the engine's order (worst first). */
  const findings = computed<Finding[]>(() => verdict.value?.findings ?? []);
  /** What to collect next, as commands. */
  const missing = computed<string[]>(() => verdict.value?.missing ?? []);

  /** The saved entry matching a loaded artifact: the same name, else the same file name from another folder. */
  function savedEntry(name: string): CaseArtifact | undefined {
    return restored.value.find((r) => r.name === name) ?? restored.value.find((r) => baseName(r.name) === baseName(name));
  }

  /** Artifacts of a reopened case not added again yet. */
  const missingArtifacts = computed<CaseArtifact[]>(() =>
    restored.value.filter((saved) => !artifacts.value.some((a) => a.name === saved.name || a.sha256 === saved.sha256 || baseName(a.name) === baseName(saved.name))),
  );

  /** Artifacts added again whose SHA-256 differs from the one the case was saved with. */
  const changedArtifacts = computed<ChangedArtifact[]>(() => {
    const changed: ChangedArtifact[] = [];
    for (const a of artifacts.value) {
      const saved = savedEntry(a.name);
      if (saved && saved.sha256 !== a.sha256 && !restored.value.some((r) => r.sha256 === a.sha256)) {
        changed.push({ name: a.name, savedAs: saved.name, savedSha256: saved.sha256, sha256: a.sha256 });
      }
    }
    return changed;
  });

  /** Adds an artifact, or replaces the one of the same name. */
  function addArtifact(summary: ArtifactSummary): void {
    const at = artifacts.value.findIndex((a) => a.name === summary.name);
    if (at >= 0) artifacts.value.splice(at, 1, summary);
    else artifacts.value.push(summary);
  }

  function removeArtifact(name: string): void {
    artifacts.value = artifacts.value.filter((a) => a.name !== name);
  }

  /** Takes a new verdict; its artifact list is the engine's truth, so the case's list follows it. */
  function setVerdict(next: Verdict): void {
    verdict.value = next;
    artifacts.value = [...next.artifacts];
  }

  /** Takes a saved case: its verdict as it was, its artifacts as "to be added again" (none is loaded yet). */
  function restore(saved: { verdict: Verdict | null; artifacts: CaseArtifact[] }): void {
    verdict.value = saved.verdict;
    artifacts.value = [];
    restored.value = [...saved.artifacts];
  }

  function artifact(name: string): ArtifactSummary | undefined {
    return artifacts.value.find((a) => a.name === name);
  }

  function reset(): void {
    artifacts.value = [];
    verdict.value = null;
    restored.value = [];
  }

  return { artifacts, verdict, restored, findings, missing, missingArtifacts, changedArtifacts, addArtifact, removeArtifact, setVerdict, restore, artifact, reset };
});
