import { ref, shallowRef } from 'vue';
import type { HooklineRecord } from '../../../../shared/model/records';
import type { EngineClient } from '../../engine/engine-client';

/** Records are fetched from the worker in pages of this many. */
export const recordPageSize = 500;

/**
 * A lazily filled window onto one artifact's records: `total` from the first page, then pages as rows come into
 * view. Pages already fetched are kept; a page is asked for once. A new artifact starts over.
 */
export function useRecordPages(engine: EngineClient) {
  /** How many records the current artifact holds. */
  const total = ref(0);
  /** Fetched pages by page number; replaced (not mutated) so the list re-renders when one arrives. */
  const pages = shallowRef(new Map<number, HooklineRecord[]>());
  const requested = new Set<number>();
  let artifact: string | null = null;
  let generation = 0;

  async function fetchPage(page: number): Promise<void> {
    if (artifact === null || requested.has(page)) return;
    requested.add(page);
    const asked = generation;
    const answer = await engine.records(artifact, page * recordPageSize, recordPageSize);
    if (asked !== generation) return; // the artifact changed while this page travelled
    total.value = answer.total;
    const next = new Map(pages.value);
    next.set(page, answer.records);
    pages.value = next;
  }

  /** Shows another artifact (or none). */
  async function open(name: string | null): Promise<void> {
    generation++;
    artifact = name;
    requested.clear();
    pages.value = new Map();
    total.value = 0;
    if (name !== null) await fetchPage(0);
  }

  /** The record at `index`, or null while its page is on its way (asking for it). */
  function recordAt(index: number): HooklineRecord | null {
    const page = Math.floor(index / recordPageSize);
    const records = pages.value.get(page);
    if (!records) {
      void fetchPage(page);
      return null;
    }
    return records[index - page * recordPageSize] ?? null;
  }

  return { total, open, recordAt };
}
