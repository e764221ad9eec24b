import { analyze } from '../../../shared/engine/analyze';
import type { HasherFactory } from '../../../shared/engine/hasher';
import type { IngestedArtifact } from '../../../shared/engine/ingest';
import { ingestArtifact } from '../../../shared/engine/ingest';
import { expandArchiveAsync } from '../../../shared/archive/expand-archive';
import { ingestExpansion } from '../../../shared/bundle/ingest-bundle';
import type { Verdict } from '../../../shared/model/verdict';
import type { ArtifactSource } from '../../../shared/formats/format';
import type { SliceReader } from './blob-source';
import { blobSource } from './blob-source';
import type { EngineApi, IngestOutcome, IngestProgress, IngestRequest, RecordPage, TextPage } from './engine-api';
import { maxRecordPage } from './engine-api';
import type { LineIndex } from './text-pages';
import { buildLineIndex, readLinesAt } from './text-pages';
import type { TimelineData } from './timeline-data';
import { buildTimeline } from './timeline-marks';

/** A read artifact; an archive also carries its members (ingested, with their bytes for the evidence view). */
type ReadArtifact = IngestedArtifact & { members?: Array<{ ingested: IngestedArtifact; blob: Blob }> };

/** What the host gives the engine session: how to read a blob, how to hash, how to let messages in. */
export interface EngineHost {
  read: SliceReader;
  /** Called once per file; files are ingested one at a time, so a host may reuse one hasher between calls. */
  createHasher: HasherFactory;
  /** Optional: hashes a whole file elsewhere (a second worker) while the session parses it; else hashed inline. */
  hashFile?(file: Blob): Promise<string>;
  /**
   * Resolves when the host is ready for the next file: its hasher initialised (hash-wasm compiles asynchronously)
   * and the messages queued while the last file was read (cancels) handled.
   */
  settle(): Promise<void>;
}

function hashInline(source: ArtifactSource, createHasher: HasherFactory): string {
  const hasher = createHasher();
  for (const chunk of source.chunks()) hasher.update(chunk);
  return hasher.digestHex();
}

/** Thrown from the chunk loop when a cancel flag is up; it never leaves the session. */
class IngestCancelled extends Error {}

function isCancelled(flags: Int32Array, index: number): boolean {
  return Atomics.load(flags, 0) !== 0 || (index + 1 < flags.length && Atomics.load(flags, index + 1) !== 0);
}

function send(onProgress: (progress: IngestProgress) => void, progress: IngestProgress): void {
  // Through comlink the callback answers with a promise; a UI that went away must not fail the ingest.
  const answer: unknown = onProgress(progress);
  if (answer instanceof Promise) answer.catch(() => {});
}

/**
 * The engine as the worker holds it: the ingested artifacts (records stay here, off the UI thread), batches run
 * one after another, pages of records on demand. Host-independent so that tests drive it without a worker.
 */
export function createEngineSession(host: EngineHost): EngineApi {
  /** Ingested artifacts by case name, in arrival order. */
  const artifacts = new Map<string, IngestedArtifact>();
  /** The files behind them (handles, not bytes): text pages are read from here on demand. */
  const files = new Map<string, Blob>();
  /** Line starts per artifact, built on the first text request. */
  const lineIndexes = new Map<string, LineIndex>();
  /** The verdict over the current artifacts, kept until they change (the timeline places marks with its clocks). */
  let latest: Verdict | null = null;
  /** Cancel flags of the batches not finished yet. */
  const cancels = new Map<number, Int32Array>();
  let queue: Promise<unknown> = Promise.resolve();

  /** Reads one file through the engine; null when it was cancelled before or while being read. */
  async function read(request: IngestRequest, index: number, onProgress: (progress: IngestProgress) => void): Promise<ReadArtifact | null | Error> {
    const file = request.files[index];
    const name = request.names[index] || file.name;
    if (isCancelled(request.cancel, index)) return null;
    // The engine reads a file's head (archive check, format probe), then the file once (parse and hash in one
    // pass): progress is how far the furthest pass got, so it never runs backwards or jumps to the end.
    let furthest = 0;
    const source = blobSource(
      file,
      name,
      host.read,
      (_pass, bytes) => {
        if (bytes <= furthest) return;
        furthest = bytes;
        send(onProgress, { batch: request.batch, index, name, size: file.size, phase: 'reading', bytes, fraction: file.size > 0 ? Math.min(1, bytes / file.size) : 1 });
      },
      () => {
        if (isCancelled(request.cancel, index)) throw new IngestCancelled('cancelled');
      },
    );
    try {
      // An archive (the collector's .tar.gz, a zip, a sosreport .tar.xz) opens in memory: the archive and each
      // member become artifacts; a sosreport / supportconfig keeps only its command outputs, with their provenance.
      const expansion = await expandArchiveAsync(source);
      if (expansion) {
        const { archive, members } = ingestExpansion(source, expansion, host.createHasher);
        return { ...archive, members: members.map((m) => ({ ingested: m.ingested, blob: new Blob([...m.source.chunks()] as BlobPart[]) })) };
      }
      const digest = host.hashFile?.(file) ?? null;
      const ingested = ingestArtifact(source, digest ? null : host.createHasher);
      // A hashing worker that failed (it could not start, or read the file) leaves it to this one.
      if (digest) {
        ingested.summary.sha256 = await digest.catch((error: unknown) => {
          // Said on the console (the e2e treats it as a problem): the ingest still completes, on one core.
          console.error(`hookline: the hashing worker failed (${String(error)}); hashing ${name} here`);
          return hashInline(source, host.createHasher);
        });
      }
      return ingested;
    } catch (error) {
      if (error instanceof IngestCancelled) return null;
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  /** Adds a read artifact to the case, unless the same bytes are already there under the same name. */
  function commit(name: string, ingested: IngestedArtifact, file: Blob): IngestOutcome {
    const known = artifacts.get(name);
    if (known && known.summary.sha256 === ingested.summary.sha256) {
      return { name, phase: 'duplicate', message: `${name} is already in the case (same SHA-256)` };
    }
    const unique = uniqueName(name);
    ingested.summary.name = unique;
    artifacts.set(unique, ingested);
    files.set(unique, file);
    latest = null;
    return { name: unique, phase: 'done', summary: ingested.summary };
  }

  function uniqueName(name: string): string {
    if (!artifacts.has(name)) return name;
    for (let n = 2; ; n++) {
      const candidate = `${name} (${n})`;
      if (!artifacts.has(candidate)) return candidate;
    }
  }

  async function ingestOne(request: IngestRequest, index: number, onProgress: (progress: IngestProgress) => void): Promise<IngestOutcome> {
    const name = request.names[index] || request.files[index].name;
    await host.settle();
    const ingested = await read(request, index, onProgress);
    // Let cancels sent while the file was read arrive before deciding: without shared memory they are messages.
    // (A cancel during the parse pass is caught inside ingestArtifact as a parser warning: the flag decides.)
    await host.settle();
    if (ingested === null || isCancelled(request.cancel, index)) return { name, phase: 'cancelled' };
    if (ingested instanceof Error) return { name, phase: 'failed', message: `could not read ${name}: ${ingested.message}` };
    const outcome = commit(name, ingested, request.files[index]);
    if (outcome.phase === 'done' && ingested.members) {
      outcome.members = ingested.members.map((m) => commit(m.ingested.summary.name, m.ingested, m.blob)).filter((o) => o.phase === 'done' && o.summary).map((o) => o.summary!);
    }
    return outcome;
  }

  async function runBatch(request: IngestRequest, onProgress: (progress: IngestProgress) => void): Promise<IngestOutcome[]> {
    const outcomes: IngestOutcome[] = [];
    for (let index = 0; index < request.files.length; index++) {
      const outcome = await ingestOne(request, index, onProgress);
      outcomes.push(outcome);
      const size = request.files[index].size;
      const done = outcome.phase === 'done';
      send(onProgress, {
        batch: request.batch,
        index,
        name: outcome.name,
        phase: outcome.phase,
        bytes: done ? size : 0,
        size,
        fraction: done ? 1 : 0,
        ...(outcome.summary ? { summary: outcome.summary } : {}),
        ...(outcome.message ? { message: outcome.message } : {}),
        ...(outcome.members ? { members: outcome.members } : {}),
      });
    }
    return outcomes;
  }

  return {
    async ingest(request, onProgress) {
      cancels.set(request.batch, request.cancel);
      const run = queue.then(() => runBatch(request, onProgress));
      queue = run.catch(() => {});
      try {
        return await run;
      } finally {
        cancels.delete(request.batch);
      }
    },
    cancel(batch, index) {
      const flags = cancels.get(batch);
      if (flags) Atomics.store(flags, index === null ? 0 : index + 1, 1);
    },
    verdict(): Verdict {
      latest ??= analyze([...artifacts.values()]);
      return latest;
    },
    records(artifact, offset, limit): RecordPage {
      const records = artifacts.get(artifact)?.records ?? [];
      const start = Math.max(0, Math.floor(offset) || 0);
      const count = Math.min(maxRecordPage, Math.max(0, Math.floor(limit) || 0));
      // A capture is one table of columns: its page is made of packets built for the rows asked for.
      const table = records.length === 1 && records[0].kind === 'packet-table' ? records[0].table : null;
      if (table) return { artifact, offset: start, total: table.length, records: table.page(start, start + count) };
      return { artifact, offset: start, total: records.length, records: records.slice(start, start + count) };
    },
    timeline(): TimelineData {
      const all = [...artifacts.values()];
      latest ??= analyze(all);
      return buildTimeline(all, latest);
    },
    text(artifact, from, count): TextPage {
      const file = files.get(artifact);
      if (!file) return { artifact, from, lines: [], totalLines: 0, binary: false };
      let index = lineIndexes.get(artifact);
      if (!index) {
        index = buildLineIndex(file, host.read);
        lineIndexes.set(artifact, index);
      }
      const first = Math.max(1, Math.floor(from) || 1);
      return { artifact, from: first, lines: readLinesAt(file, host.read, index, first, count), totalLines: index.lines, binary: index.binary };
    },
    remove(artifact) {
      files.delete(artifact);
      lineIndexes.delete(artifact);
      latest = null;
      return artifacts.delete(artifact);
    },
    clear() {
      artifacts.clear();
      files.clear();
      lineIndexes.clear();
      latest = null;
    },
  };
}
