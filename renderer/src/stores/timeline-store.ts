import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { TimelineData } from '../engine/timeline-data';
import type { TimeRange } from './selection-store';

/** The timeline's data and view: transient (the zoom is saved with the case through the case file, not here). */
export const useTimelineStore = defineStore('timeline', () => {
  /** Marks per lane as the worker prepared them; shallow: typed arrays are never made reactive. */
  const data = shallowRef<TimelineData | null>(null);
  /** The visible time range; null shows everything (or the selected finding when one is selected). */
  const zoom = ref<TimeRange | null>(null);
  /** True while the worker prepares marks. */
  const loading = ref(false);
  /** Why the marks could not be prepared. */
  const error = ref<string | null>(null);
  /** The latest request to fit the view (to the selected finding's path, or to everything), bumped per request. */
  const fitRequest = ref<{ to: 'finding' | 'all'; serial: number } | null>(null);
  let generation = 0;
  let serial = 0;

  /** Asks for fresh marks; a slower earlier answer never replaces a newer one. */
  async function load(fetchMarks: () => Promise<TimelineData>): Promise<void> {
    const asked = ++generation;
    loading.value = true;
    try {
      const next = await fetchMarks();
      if (asked !== generation) return;
      data.value = next;
      error.value = null;
    } catch (failure) {
      if (asked === generation) error.value = `the timeline could not be prepared: ${String(failure)}`;
    } finally {
      if (asked === generation) loading.value = false;
    }
  }

  function setZoom(next: TimeRange | null): void {
    zoom.value = next;
  }

  /** Asks the timeline to fit its view to the selected finding's path (or to every mark). */
  function requestFit(to: 'finding' | 'all'): void {
    fitRequest.value = { to, serial: ++serial };
  }

  function reset(): void {
    generation++;
    data.value = null;
    zoom.value = null;
    loading.value = false;
    error.value = null;
    fitRequest.value = null;
  }

  return { data, zoom, loading, error, fitRequest, load, setZoom, requestFit, reset };
});
