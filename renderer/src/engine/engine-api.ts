import type { ArtifactSummary } from '../../../shared/model/artifact';
import type { HooklineRecord } from '../../../shared/model/records';
import type { Verdict } from '../../../shared/model/verdict';
import type { TimelineData } from './timeline-data';

/** Where one file of an ingest batch stands. `reading` repeats as chunks go by; the others are final. */
export type IngestPhase = 'queued' | 'reading' | 'done' | 'cancelled' | 'failed' | 'duplicate';

/** One progress report from the worker about one file of a batch. */
export interface IngestProgress {
  batch: number;
  /** Position of the file in the batch. */
  index: number;
  name: string;
  phase: IngestPhase;
  /** Bytes read so far over all passes (the engine reads a file once to hash it and once more to parse it). */
  bytes: number;
  size: number;
  /** 0..1, an estimate: two passes are assumed until the file turns out to have no format. */
  fraction: number;
  /** The artifact as the engine reports it, on `done`. */
  summary?: ArtifactSummary;
  /** Why, on `failed` and `duplicate`. */
  message?: string;
  /** On `done` for an archive (tar, tar.gz, zip): the members, each an artifact of its own. */
  members?: ArtifactSummary[];
}

/** What became of one file once its batch is over. */
export interface IngestOutcome {
  name: string;
  phase: Extract<IngestPhase, 'done' | 'cancelled' | 'failed' | 'duplicate'>;
  summary?: ArtifactSummary;
  message?: string;
  /** The members of an archive, each ingested as an artifact of its own. */
  members?: ArtifactSummary[];
}

/**
 * One batch as sent to the worker: the files, the names the case will know them by (relative paths inside a
 * dropped folder) and the cancel flags. `cancel[0]` cancels the batch, `cancel[i + 1]` file `i`; it is shared
 * memory when the page is cross-origin isolated (then a cancel stops a file mid-read), a copy otherwise (then the
 * worker sees cancels through `EngineApi.cancel` between files).
 */
export interface IngestRequest {
  batch: number;
  files: File[];
  names: string[];
  cancel: Int32Array;
}

/** A window of one artifact's records: the UI asks for pages, never for a whole capture. */
export interface RecordPage {
  artifact: string;
  offset: number;
  /** How many records the artifact holds in all. */
  total: number;
  records: HooklineRecord[];
}

/** The largest page `records()` hands out, whatever is asked. */
export const maxRecordPage = 1000;

/** A window of one artifact's text, by line: the evidence view asks for pages, never for a whole file. */
export interface TextPage {
  artifact: string;
  /** 1-based number of the first line in `lines`. */
  from: number;
  lines: string[];
  /** How many lines the artifact has in all (0 for a binary or unknown artifact). */
  totalLines: number;
  /** True when the artifact is not text (a capture): show its records instead. */
  binary: boolean;
}

/** The engine worker's API (exposed with comlink; every call is async on the UI side). */
export interface EngineApi {
  /** Hashes, detects and parses each file in turn; progress goes to `onProgress`. Batches run one after another. */
  ingest(request: IngestRequest, onProgress: (progress: IngestProgress) => void): Promise<IngestOutcome[]>;
  /** Cancels a file of a batch, or the whole batch when `index` is null. */
  cancel(batch: number, index: number | null): void;
  /** The verdict over every artifact ingested so far (summaries and findings, no records). */
  verdict(): Verdict;
  /** A page of one artifact's records. An unknown artifact gives an empty page with `total` 0. */
  records(artifact: string, offset: number, limit: number): RecordPage;
  /**
   * The timeline's marks over every artifact, as typed columns per lane (transferred, not copied), placed with the
   * clocks of the latest verdict.
   */
  timeline(): TimelineData;
  /** Lines `from`.. of an artifact's text, at most `maxTextPage` of them; an unknown artifact gives no line. */
  text(artifact: string, from: number, count: number): TextPage;
  /** Forgets an artifact (its records and summary). */
  remove(artifact: string): boolean;
  /** Forgets every artifact. */
  clear(): void;
}
