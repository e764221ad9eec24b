import { defineStore } from 'pinia';
import { ref } from 'vue';

/** What the engineer is looking at: transient, shared by every view so that they follow each other. */
export const useSelectionStore = defineStore('selection', () => {
  /** The artifact whose details and records are shown, by case name; null when none. */
  const artifact = ref<string | null>(null);
  /** The selected finding, by its index in the verdict's findings; null when none. */
  const finding = ref<number | null>(null);

  /** Selects an artifact; selecting the selected one again clears it. */
  function toggleArtifact(name: string): void {
    artifact.value = artifact.value === name ? null : name;
  }

  function selectFinding(index: number | null): void {
    finding.value = index;
  }

  function clear(): void {
    artifact.value = null;
    finding.value = null;
  }

  return { artifact, finding, toggleArtifact, selectFinding, clear };
});
