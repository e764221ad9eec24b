import * as Comlink from 'comlink';
import type { Verdict } from '../../../shared/model/verdict';
import type { EngineApi, IngestOutcome, IngestProgress, RecordPage, TextPage } from './engine-api';
import type { TimelineData } from './timeline-data';
import { createCancelFlags } from './cancel-flags';

/** The engine's API as the UI reaches it: every call answers with a promise (what comlink's `wrap` gives). */
export type EngineRemote = {
  [K in keyof EngineApi]: (...args: Parameters<EngineApi[K]>) => Promise<Awaited<ReturnType<EngineApi[K]>>>;
};

/** One batch of files on its way through the engine. */
export interface IngestHandle {
  batch: number;
  /** Settles when every file of the batch is done, cancelled, failed or a duplicate. */
  done: Promise<IngestOutcome[]>;
  /** Cancels one file (its index in the batch) or, with null, the whole batch. */
  cancel(index: number | null): void;
}

/** The engine for the UI: ingest with progress and cancel, the verdict, pages of records. */
export interface EngineClient {
  ingest(files: File[], names: string[], onProgress: (progress: IngestProgress) => void): IngestHandle;
  verdict(): Promise<Verdict>;
  records(artifact: string, offset: number, limit: number): Promise<RecordPage>;
  timeline(): Promise<TimelineData>;
  text(artifact: string, from: number, count: number): Promise<TextPage>;
  remove(artifact: string): Promise<boolean>;
  clear(): Promise<void>;
  /** Stops the worker; the client is unusable afterwards. */
  dispose(): void;
}

/**
 * Wraps an engine endpoint. `passCallback` readies the progress callback for the trip (comlink's `proxy` for a
 * worker; the identity when tests hand a session in directly).
 */
export function createEngineClient(remote: EngineRemote, passCallback: <F extends object>(callback: F) => F = (callback) => callback, dispose: () => void = () => {}): EngineClient {
  let nextBatch = 1;
  return {
    ingest(files, names, onProgress) {
      const batch = nextBatch++;
      const cancel = createCancelFlags(files.length + 1);
      const done = remote.ingest({ batch, files, names, cancel }, passCallback(onProgress));
      return {
        batch,
        done,
        cancel(index) {
          // Shared flags stop a file mid-read; the message reaches the worker between files either way.
          Atomics.store(cancel, index === null ? 0 : index + 1, 1);
          remote.cancel(batch, index).catch(() => {});
        },
      };
    },
    verdict: () => remote.verdict(),
    records: (artifact, offset, limit) => remote.records(artifact, offset, limit),
    timeline: () => remote.timeline(),
    text: (artifact, from, count) => remote.text(artifact, from, count),
    remove: (artifact) => remote.remove(artifact),
    clear: () => remote.clear(),
    dispose,
  };
}

/** Starts the engine worker (an ES-module worker bundled by Vite) and connects a client to it. */
export function startEngineWorker(): EngineClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'hookline-engine' });
  const wrapped = Comlink.wrap<EngineApi>(worker);
  return createEngineClient(wrapped as unknown as EngineRemote, (callback) => Comlink.proxy(callback), () => {
    wrapped[Comlink.releaseProxy]();
    worker.terminate();
  });
}
