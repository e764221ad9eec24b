import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ArtifactSummary } from '../../../shared/model/artifact';
import type { Finding, Verdict } from '../../../shared/model/verdict';

/** An engineer's note pinned to something in the case. Placeholder shape until the annotations feature lands. */
export interface Annotation {
  id: string;
  /** What it is pinned to: `finding:0`, `dmesg.txt:12`, `srv-eth0.pcap#11`… */
  target: string;
  /** Markdown. */
  text: string;
  author: string;
  /** ISO-8601. */
  at: string;
}

/** The case: durable state, everything a saved case file keeps. */
export const useCaseStore = defineStore('case', () => {
  /** The artifacts as the engine summarised them (format, records, SHA-256, warnings), in arrival order; names are unique. */
  const artifacts = ref<ArtifactSummary[]>([]);
  /** The engine's latest verdict over all artifacts; null until the first batch is analysed. */
  const verdict = ref<Verdict | null>(null);
  /** The engineer's notes (placeholder until the annotations feature lands). */
  const annotations = ref<Annotation[]>([]);

  /** The verdict's findings, in the engine's order (worst first). */
  const findings = computed<Finding[]>(() => verdict.value?.findings ?? []);
  /** What to collect next, as commands. */
  const missing = computed<string[]>(() => verdict.value?.missing ?? []);

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

  function artifact(name: string): ArtifactSummary | undefined {
    return artifacts.value.find((a) => a.name === name);
  }

  function reset(): void {
    artifacts.value = [];
    verdict.value = null;
    annotations.value = [];
  }

  return { artifacts, verdict, annotations, findings, missing, addArtifact, removeArtifact, setVerdict, artifact, reset };
});
