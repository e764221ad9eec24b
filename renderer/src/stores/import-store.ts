import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { IngestPhase, IngestProgress } from '../engine/engine-api';

/** One file on its way into the case. */
export interface ImportJob {
  /** `<batch>:<index>`, unique for the session. */
  key: string;
  batch: number;
  index: number;
  name: string;
  size: number;
  phase: IngestPhase;
  /** 0..1 of the engine's reading. */
  fraction: number;
  /** Why it failed. */
  message: string | null;
}

/** Phases after which a job leaves the list: its artifact is in the case, or it will never be. */
const leaving: ReadonlySet<IngestPhase> = new Set(['done', 'cancelled', 'duplicate']);

/** Imports in flight: transient, never saved with the case. */
export const useImportStore = defineStore('import', () => {
  /** Files queued or being read, plus the ones that failed (until dismissed), in arrival order. */
  const jobs = ref<ImportJob[]>([]);
  /** Cancel functions of the batches still running (not reactive: functions are not state). */
  const cancellers = new Map<number, (index: number | null) => void>();

  /** True while any file is queued or being read. */
  const busy = computed(() => jobs.value.some((j) => j.phase === 'queued' || j.phase === 'reading'));

  /** Lists the files of a new batch as queued. */
  function begin(batch: number, files: Array<{ name: string; size: number }>, cancel: (index: number | null) => void): void {
    cancellers.set(batch, cancel);
    for (const [index, file] of files.entries()) {
      jobs.value.push({ key: `${batch}:${index}`, batch, index, name: file.name, size: file.size, phase: 'queued', fraction: 0, message: null });
    }
  }

  /** Applies a progress report; a job whose file is done, cancelled or a duplicate leaves the list. */
  function progress(report: IngestProgress): void {
    const key = `${report.batch}:${report.index}`;
    const at = jobs.value.findIndex((j) => j.key === key);
    if (at < 0) return;
    if (leaving.has(report.phase)) {
      jobs.value.splice(at, 1);
      return;
    }
    const job = jobs.value[at];
    job.phase = report.phase;
    job.fraction = report.fraction;
    job.message = report.message ?? null;
  }

  /** Asks the engine to stop reading one file. */
  function cancel(key: string): void {
    const job = jobs.value.find((j) => j.key === key);
    if (job) cancellers.get(job.batch)?.(job.index);
  }

  /** Asks the engine to stop every batch. */
  function cancelAll(): void {
    for (const cancelBatch of cancellers.values()) cancelBatch(null);
  }

  /** The batch is over: forget its canceller; a file it never reported on (the worker died) is marked failed. */
  function end(batch: number, failure: string | null = null): void {
    cancellers.delete(batch);
    for (const job of jobs.value) {
      if (job.batch === batch && (job.phase === 'queued' || job.phase === 'reading')) {
        job.phase = 'failed';
        job.message = failure ?? 'the engine stopped before reading this file';
      }
    }
  }

  /** Removes a failed job from the list. */
  function dismiss(key: string): void {
    jobs.value = jobs.value.filter((j) => j.key !== key);
  }

  return { jobs, busy, begin, progress, cancel, cancelAll, end, dismiss };
});
