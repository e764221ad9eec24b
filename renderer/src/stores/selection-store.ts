import { defineStore } from 'pinia';
import { ref } from 'vue';

/** A timeline mark as the verdict names it: its artifact, `packet N` / `line N`, and its wall time (ISO) if placed. */
export interface MarkRef {
  artifact: string;
  ref: string;
  t: string | null;
}

/** A time range on the corrected wall clock, µs since the epoch. */
export interface TimeRange {
  fromUs: number;
  toUs: number;
}

/** A line of an artifact's text (1-based). */
export interface LineRef {
  artifact: string;
  line: number;
}

/** What the engineer touched last: what a new annotation is pinned to by default. */
export type SelectionFocus = 'finding' | 'mark' | 'range' | 'line';

/** Where the evidence view should go: an artifact and the ref in it to show, bumped on each request. */
export interface RevealRequest {
  artifact: string;
  ref: string | null;
  /** Increases with every request, so that asking for the same line again scrolls to it again. */
  serial: number;
}

/** What the engineer is looking at: transient, shared by every view so that they follow each other. */
export const useSelectionStore = defineStore('selection', () => {
  /** The artifact whose details and records are shown, by case name; null when none. */
  const artifact = ref<string | null>(null);
  /** The selected finding, by its index in the verdict's findings; null when none. */
  const finding = ref<number | null>(null);
  /** The selected timeline mark (a packet, an event, a log line, a rule counter); null when none. */
  const mark = ref<MarkRef | null>(null);
  /** The selected line of the open artifact's text; null when none. */
  const line = ref<LineRef | null>(null);
  /** The brushed time range on the timeline; null when none. */
  const range = ref<TimeRange | null>(null);
  /** What was selected last. */
  const focus = ref<SelectionFocus | null>(null);
  /** The evidence view's latest instruction: open this artifact, show this ref. */
  const reveal = ref<RevealRequest | null>(null);
  let serial = 0;

  /** Selects an artifact; selecting the selected one again clears it. */
  function toggleArtifact(name: string): void {
    artifact.value = artifact.value === name ? null : name;
    if (artifact.value) reveal.value = { artifact: name, ref: null, serial: ++serial };
  }

  /** Opens an artifact in the evidence view and shows `ref` in it (`line 12`, `packet 3`), if given. */
  function openEvidence(name: string, at: string | null = null): void {
    artifact.value = name;
    reveal.value = { artifact: name, ref: at, serial: ++serial };
  }

  function selectFinding(index: number | null): void {
    finding.value = index;
    if (index !== null) focus.value = 'finding';
  }

  /**
   * Selects a mark and opens its evidence: its own line or packet, or `evidence` when another artifact shows it
   * better (the drop marker opens the traced stack of the drop).
   */
  function selectMark(next: MarkRef | null, evidence: { artifact: string; ref: string } | null = next): void {
    mark.value = next;
    if (next) focus.value = 'mark';
    if (evidence) openEvidence(evidence.artifact, evidence.ref);
  }

  /** Selects a line of an artifact (a click in the evidence view). */
  function selectLine(next: LineRef | null): void {
    line.value = next;
    if (next) focus.value = 'line';
  }

  function selectRange(next: TimeRange | null): void {
    range.value = next;
    if (next) focus.value = 'range';
    else if (focus.value === 'range') focus.value = null;
  }

  function clear(): void {
    artifact.value = null;
    finding.value = null;
    mark.value = null;
    line.value = null;
    range.value = null;
    focus.value = null;
    reveal.value = null;
  }

  return { artifact, finding, mark, line, range, focus, reveal, toggleArtifact, openEvidence, selectFinding, selectMark, selectLine, selectRange, clear };
});
