import { ref, shallowRef } from 'vue';
import type { EngineClient } from '../../engine/engine-client';
import { maxTextPage } from '../../engine/text-pages';

/** Lines held by the editor at once: whole files up to this, a window around the line of interest beyond. */
export const windowLines = 6000;

/** The lines of an artifact the evidence editor shows: a window of its text, fetched from the worker in pages. */
export interface TextWindow {
  artifact: string;
  /** 1-based number of the first line held. */
  from: number;
  lines: string[];
  totalLines: number;
  binary: boolean;
}

/**
 * A window onto an artifact's text: small files whole, big ones `windowLines` around the line asked for, read in
 * pages of `maxTextPage` lines (the worker never sends a huge file as one message).
 */
export function useTextWindow(engine: EngineClient) {
  const window = shallowRef<TextWindow | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;

  /** True when `line` of `artifact` is in the window held. */
  function holds(artifact: string, line: number): boolean {
    const w = window.value;
    return !!w && w.artifact === artifact && line >= w.from && line < w.from + w.lines.length;
  }

  /** Loads the window of `artifact` around `line` (1 when none), unless it is already held. */
  async function show(artifact: string, line = 1): Promise<TextWindow | null> {
    if (holds(artifact, line) || (window.value?.artifact === artifact && window.value.totalLines === 0)) return window.value;
    const asked = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const first = await engine.text(artifact, 1, Math.min(maxTextPage, windowLines));
      let from = 1;
      let lines = first.lines;
      if (first.totalLines > windowLines) {
        from = Math.max(1, Math.min(line - Math.floor(windowLines / 2), first.totalLines - windowLines + 1));
        lines = [];
      }
      while (lines.length < Math.min(windowLines, first.totalLines - from + 1)) {
        const page = await engine.text(artifact, from + lines.length, Math.min(maxTextPage, windowLines - lines.length));
        if (asked !== generation) return null;
        if (page.lines.length === 0) break;
        lines = lines.concat(page.lines);
      }
      if (asked !== generation) return null;
      window.value = { artifact, from, lines, totalLines: first.totalLines, binary: first.binary };
      return window.value;
    } catch (failure) {
      if (asked === generation) error.value = `cannot read ${artifact}: ${String(failure)}`;
      return null;
    } finally {
      if (asked === generation) loading.value = false;
    }
  }

  function clear(): void {
    generation++;
    window.value = null;
  }

  return { window, loading, error, show, holds, clear };
}
